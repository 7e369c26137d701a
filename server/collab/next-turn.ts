/**
 * Resolves after the event loop has had a turn, I/O included (`setImmediate`), not only after the
 * microtasks: work that can wait lets every socket be served between its steps.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
