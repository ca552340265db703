/**
 * The canonical data dictionary: fields (fields.ts) and code lists (codelists.ts).
 * Everything else (header mapping, value coercion, the CEL schema, docs/fields.md) is derived from it.
 */
export type { FieldDef, FieldLevel, FieldType, FieldFormat, CodeList, CodeEntry } from './types.js';
export { FIELDS } from './fields.js';
export { CODE_LISTS } from './codelists.js';
export { fieldByKey, fieldByHeader, codeListById, resolveCode, isKnownCode } from './lookup.js';
