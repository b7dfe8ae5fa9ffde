// Lets `tsc --noEmit` typecheck without `next build` having generated next-env.d.ts.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
