/**
 * Blob key and prefix rules, shared by every BlobStore adapter so a key the local stack accepts is one
 * production accepts too. Keys are "/"-separated segments of [A-Za-z0-9._-]: safe as file names, as
 * Cloud Storage object names and in URLs, with no way to climb out of a prefix.
 */

const SEGMENT = /^[A-Za-z0-9._-]+$/;
/** Cloud Storage's object name limit. */
const MAX_KEY_LENGTH = 1024;
/** Leaves room in a 255-byte file name for the suffixes the filesystem adapter appends. */
const MAX_SEGMENT_LENGTH = 200;

function segmentProblem(segment: string): string | null {
  if (segment === "") return "it has an empty segment (a leading, trailing or doubled '/')";
  if (segment === "." || segment === "..") return `it has a '${segment}' segment`;
  if (segment.length > MAX_SEGMENT_LENGTH) return `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`;
  if (!SEGMENT.test(segment)) return "a segment has a character outside A-Z a-z 0-9 . _ -";
  return null;
}

function segmentsOf(what: "key" | "prefix", value: string, path: string): string[] {
  if (value.length > MAX_KEY_LENGTH) {
    throw new Error(`Invalid blob ${what}: longer than ${MAX_KEY_LENGTH} characters`);
  }
  const segments = path.split("/");
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem !== null) throw new Error(`Invalid blob ${what} ${JSON.stringify(value)}: ${problem}`);
  }
  return segments;
}

/** Validates a key like "u/{uid}/images/{id}" and returns its segments; throws an Error naming the problem. */
export function blobKeySegments(key: string): string[] {
  return segmentsOf("key", key, key);
}

/** Validates a prefix like "u/{uid}/" (it must end in "/", so "u/abc/" never matches "u/abcd/") and returns its segments. */
export function blobPrefixSegments(prefix: string): string[] {
  if (!prefix.endsWith("/")) {
    throw new Error(`Invalid blob prefix ${JSON.stringify(prefix)}: it must end in "/"`);
  }
  return segmentsOf("prefix", prefix, prefix.slice(0, -1));
}
