import { z } from 'zod';
import { MAX_TITLE_CHARS } from './document';

// The request bodies' schemas, apart from lib/text/document.ts so that the pages' scripts,
// which need its constants, do not carry zod (about 100 KiB of the document page, issue 26).
// No generated code: zod's faster parsers are compiled with `Function`, which a page's
// Content-Security-Policy forbids, should one of these ever reach a page.
z.config({ jitless: true });

/** A dateline as a request gives it: the place and the calendar date a statement is given. */
export const datelineSchema = z
  .object({
    place: z.string().trim().max(120),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
      .nullable()
      .optional(),
  })
  .strict();

/** Body of POST /api/documents. Types are checked here (400); meaning (422) by the command. */
export const createDocumentSchema = z
  .object({
    title: z.string().max(MAX_TITLE_CHARS),
    kind: z.string(),
    language: z.string().max(35),
    dateline: datelineSchema.nullable().optional(),
    /** Start from the kind's skeleton (lib/text/skeletons.ts) instead of an empty page. */
    skeleton: z.boolean().optional(),
  })
  .strict();
export type CreateDocumentInput = z.infer<typeof createDocumentSchema>;

/** Body of PATCH /api/documents/<id>: any subset of title, language and dateline. */
export const updateDocumentSchema = z
  .object({
    title: z.string().max(MAX_TITLE_CHARS).optional(),
    language: z.string().max(35).optional(),
    dateline: datelineSchema.nullable().optional(),
  })
  .strict();
export type UpdateDocumentInput = z.infer<typeof updateDocumentSchema>;
