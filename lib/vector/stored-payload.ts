import { z } from "zod";
import { FILTER_FIELDS, PAYLOAD_FIELDS, pointPayload, type FilterField, type PayloadField, type PointPayload } from "./payload";
import type { CountFilter } from "./search";

/** A field's key in a stored payload: snake_case, as both stores have always kept them. */
type StoredKey<Name extends string> = Name extends `${infer Head}${infer Rest}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${StoredKey<Rest>}`
  : Name;

const storedKey = <Field extends PayloadField>(field: Field) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) as StoredKey<Field>;

const STORED_KEYS = PAYLOAD_FIELDS.map((field) => [field, storedKey(field)] as const);

/** The stored key of each field that filters use. */
export const FILTER_KEYS = Object.fromEntries(FILTER_FIELDS.map((field) => [field, storedKey(field)])) as { [Field in FilterField]: StoredKey<Field> };

type StoredShape = { [Field in PayloadField as StoredKey<Field>]: (typeof pointPayload.shape)[Field] };

/** How both stores keep a point's payload: the same fields under snake_case keys. */
export const storedPayloadFields = z.object(Object.fromEntries(STORED_KEYS.map(([field, key]) => [key, pointPayload.shape[field]])) as StoredShape);
export type StoredPayload = z.infer<typeof storedPayloadFields>;

export function toStoredPayload(payload: PointPayload): StoredPayload {
  return Object.fromEntries(STORED_KEYS.map(([field, key]) => [key, payload[field]])) as StoredPayload;
}

export function fromStoredPayload(stored: StoredPayload): PointPayload {
  return Object.fromEntries(STORED_KEYS.map(([field, key]) => [field, stored[key]])) as PointPayload;
}

/** A stored payload read back, checked field by field, as the payload it stands for. */
export const storedPayload = storedPayloadFields.transform(fromStoredPayload);

/** The stored keys and values a filter matches. */
export function filterConditions(filter: CountFilter): { key: string; value: string }[] {
  return FILTER_FIELDS.flatMap((field) => {
    const value = filter[field];
    return value === undefined ? [] : [{ key: FILTER_KEYS[field], value }];
  });
}
