// Types for scripts/server-bundle.mjs (plain JavaScript: it runs before anything is compiled).
export declare const SERVER_BUNDLE: string;
export declare const SERVER_NODE_ARGS: string[];
export declare const BUNDLE_OPTIONS: import('esbuild').BuildOptions;
export declare function bundleServer(): Promise<void>;
