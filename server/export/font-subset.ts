/**
 * Font subsetting for the DOCX, with HarfBuzz's own subsetter (hb-subset, the WebAssembly
 * build shipped in the `harfbuzzjs` package; no imports, no network, no native code): a
 * font cut down to the characters one document uses is a few tens of kilobytes, where the
 * whole Noto face is 0.5–0.6 MB.
 */

interface HbSubset {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

/** HB_MEMORY_MODE_WRITABLE: HarfBuzz may use the bytes in place. */
const WRITABLE = 2;

/** A subsetter over one instance of hb-subset (`wasm`: the bytes of harfbuzz-subset.wasm). */
export function fontSubsetter(wasm: Uint8Array): (font: Uint8Array, codePoints: ReadonlySet<number>) => Uint8Array {
  const hb = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), {}).exports as unknown as HbSubset;
  return (font, codePoints) => {
    const fontPtr = hb.malloc(font.byteLength);
    new Uint8Array(hb.memory.buffer).set(font, fontPtr);
    const blob = hb.hb_blob_create(fontPtr, font.byteLength, WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    const input = hb.hb_subset_input_create_or_fail();
    try {
      if (!input) throw new Error('hb-subset could not allocate its input');
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
      const subset = hb.hb_subset_or_fail(face, input);
      if (!subset) throw new Error('hb-subset failed to subset the font');
      const result = hb.hb_face_reference_blob(subset);
      const data = hb.hb_blob_get_data(result, 0);
      const length = hb.hb_blob_get_length(result);
      const bytes = new Uint8Array(hb.memory.buffer).slice(data, data + length);
      hb.hb_blob_destroy(result);
      hb.hb_face_destroy(subset);
      if (length === 0) throw new Error('hb-subset returned an empty font');
      return bytes;
    } finally {
      if (input) hb.hb_subset_input_destroy(input);
      hb.hb_face_destroy(face);
      hb.free(fontPtr);
    }
  };
}
