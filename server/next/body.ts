import { AppError } from '@/server/errors';

/**
 * Reads a request body, stopping as soon as it passes `maxBytes`: a declared Content-Length
 * over the limit is refused before a byte is read, and a body without one (chunked) is
 * counted as it arrives, so an oversized body costs at most `maxBytes` of memory and never
 * has to finish. Too large: 413 `too_large` with `tooLarge` as the message. Null when there
 * is no body.
 */
export async function readBytesWithin(req: Request, maxBytes: number, tooLarge: string): Promise<Buffer | null> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new AppError('too_large', tooLarge);
  if (!req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    // Bounded: every chunk adds at least one byte, and the loop ends past maxBytes.
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new AppError('too_large', tooLarge);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a multipart request body within `maxBytes` (see readBytesWithin). Returns null when
 * the body is missing or is not a multipart form (the command answers 400 in its turn).
 */
export async function readFormWithin(req: Request, maxBytes: number, tooLarge: string): Promise<FormData | null> {
  const bytes = await readBytesWithin(req, maxBytes, tooLarge);
  if (!bytes) return null;
  try {
    return await new Response(new Uint8Array(bytes), { headers: { 'Content-Type': req.headers.get('content-type') ?? '' } }).formData();
  } catch {
    return null;
  }
}
