/**
 * Functions generated with `new Function` (an object literal of one fixed shape, straight-line field reads) where
 * the process allows code generation from strings, and a plain-loop equivalent where it does not (`node
 * --disallow-code-generation-from-strings`, hardened hosts): the same results, only slower. Rule expressions have
 * their own fallback (cel-js, engine/closure.ts).
 */
export function generatedOr<F>(generate: () => F, fallback: () => F): F {
  try {
    return generate();
  } catch (error) {
    if (error instanceof EvalError) return fallback();
    throw error;
  }
}
