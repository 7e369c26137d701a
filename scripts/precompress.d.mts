/** Writes `<distDir>/compressed` (brotli and gzip copies) from `<distDir>/static`. */
export function precompressStatic(distDir: string): Promise<{ files: number; before: number; after: number }>;
