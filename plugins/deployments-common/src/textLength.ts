import { z } from 'zod';

/**
 * A string of `min`–`max` UTF-16 code units (JavaScript's `length`), as
 * docs/api.md promises. zod's own `.min`/`.max` count code points, so an emoji
 * would count once where the contract counts it twice; the JSON Schema
 * keywords are set by hand for the OpenAPI document.
 */
export const utf16Text = (max: number, min = 0) =>
  z
    .string()
    .refine(
      s => s.length >= min,
      `must be at least ${min} character${min === 1 ? '' : 's'}`,
    )
    .refine(s => s.length <= max, `must be at most ${max} characters`)
    .meta(min ? { minLength: min, maxLength: max } : { maxLength: max });
