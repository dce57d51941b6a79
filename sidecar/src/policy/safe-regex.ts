// User-supplied patterns (rule content patterns, custom masking patterns) must not be able to stall
// the data path, so they run on RE2: linear time in the input, no backtracking. RE2 refuses
// backreferences and lookaround, which is exactly the set of constructs that can blow up.
import RE2 from 're2';

export type SafeRegExp = InstanceType<typeof RE2>;

export class UnsafePatternError extends Error {}

const MAX_PATTERN_LENGTH = 4096;

/** Compile `source` with RE2; throws UnsafePatternError with RE2's reason when it is refused. */
export function compileSafeRegex(source: string, flags = ''): SafeRegExp {
  if (source.length > MAX_PATTERN_LENGTH) throw new UnsafePatternError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    return new RE2(source, flags.includes('u') ? flags : `${flags}u`);
  } catch (e) {
    const msg = (e as Error).message.replace(/^Invalid regular expression: /, '');
    throw new UnsafePatternError(`not a valid linear-time (RE2) pattern: ${msg}`);
  }
}
