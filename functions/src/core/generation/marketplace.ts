/**
 * Amazon's main-image rule, measured: a pure white background (RGB 255,255,255), the product filling at least 85%
 * of the frame, and at least 1000 px on the longest side (zoom). The background is judged on the outer border
 * band — where a marketplace's white page meets the image — and the product is the bounding box of everything
 * that is not near-white; its fill is measured on whichever axis it fills most.
 *
 * An image whose border is near-white but not pure (or whose piece is small or off-center, or too small overall)
 * can be fixed: cropped to the piece, scaled to 90% of a frame of at least 1000 px, centered on pure white.
 * A colored or busy background cannot be fixed without cutting the piece out, which this does not attempt.
 */
import type { MarketplaceCheck, MarketplaceFix } from "@bez/contracts";
import type { AnalyzeOptions, ImageAnalysis } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import { type VaultDeps, getImage, ingestSanitized, readImageContent } from "../vault/images.ts";
import { type GenerationDoc, type OutputDoc, generationPath } from "./records.ts";

export const amazonMainImage = {
  minFill: 0.85,
  minLongestSide: 1000,
  /** A little tolerance: an antialiased tip of the piece may touch the band. */
  minWhiteBorderShare: 0.98,
  /** What the fix aims for: comfortably inside the rule once rounding and antialiasing are counted. */
  fixFill: 0.9,
} as const;

export const analyzeOptions: AnalyzeOptions = { borderBand: 0.01, nearWhiteMin: 240 };

const percent = (share: number) => `${Math.floor(share * 100)}%`;
const round = (n: number) => Math.round(n * 10000) / 10000;

export function checkAmazonMainImage(a: ImageAnalysis): MarketplaceCheck {
  const rule = amazonMainImage;
  const longestSide = Math.max(a.width, a.height);
  const fillRatio = a.subject ? Math.max(a.subject.width / a.width, a.subject.height / a.height) : 0;
  const reasons: string[] = [];
  if (a.whiteBorderShare < rule.minWhiteBorderShare) {
    reasons.push(`The background is not pure white: only ${percent(a.whiteBorderShare)} of the image's edge is RGB 255, 255, 255, and Amazon requires pure white.`);
  }
  if (!a.subject) reasons.push("No piece was found: the image is blank.");
  else if (fillRatio < rule.minFill) {
    reasons.push(`The piece fills ${percent(fillRatio)} of the frame; Amazon asks for at least ${percent(rule.minFill)}.`);
  }
  if (longestSide < rule.minLongestSide) {
    reasons.push(`The image is ${longestSide} px on its longest side; Amazon asks for at least ${rule.minLongestSide} px so shoppers can zoom.`);
  }
  const pass = reasons.length === 0;
  return {
    rule: "amazon-main-image",
    pass,
    whiteBorderShare: round(a.whiteBorderShare),
    fillRatio: round(fillRatio),
    longestSide,
    reasons,
    fixable: !pass && a.subject !== null && a.nearWhiteBorderShare >= rule.minWhiteBorderShare,
  };
}

/**
 * Makes a compliant copy of one of the caller's images: a new output image (of the same generation, which lists it
 * with `derivedFrom`). 409 when it already complies or cannot be fixed; another user's image is 404.
 */
export async function fixForMarketplace(deps: VaultDeps, uid: string, imageId: string): Promise<MarketplaceFix> {
  const source = await getImage(deps, uid, imageId);
  const content = await readImageContent(deps, uid, imageId, {});
  const analysis = await deps.codec.analyze(content.bytes, analyzeOptions);
  const check = checkAmazonMainImage(analysis);
  if (check.pass) throw new DomainError("conflict", "This image already meets Amazon's main-image rules: there is nothing to fix.");
  if (!check.fixable || !analysis.subject) {
    throw new DomainError(
      "marketplace-unfixable",
      `This image cannot be fixed automatically: ${analysis.subject ? "its background is not close enough to white to clean up without cutting the piece out" : "no piece was found in it"}. Generate a new white packshot instead.`,
    );
  }

  const scale = Math.max(1, amazonMainImage.minLongestSide / Math.max(analysis.width, analysis.height));
  const reframed = await deps.codec.reframe(content.bytes, {
    crop: analysis.subject,
    canvasWidth: Math.round(analysis.width * scale),
    canvasHeight: Math.round(analysis.height * scale),
    fit: amazonMainImage.fixFill,
  });
  const { record, image } = await ingestSanitized(deps, uid, {
    bytes: reframed.bytes,
    declared: reframed.format,
    kind: "output",
    ...(source.generationId ? { generationId: source.generationId } : {}),
  });
  const marketplace = checkAmazonMainImage(await deps.codec.analyze(image.bytes, analyzeOptions));
  if (source.generationId) {
    const path = generationPath(uid, source.generationId);
    const output: OutputDoc = { imageId: record.id, marketplace, derivedFrom: imageId };
    await deps.store.runTransaction(async (tx) => {
      const gen = await tx.get(path);
      if (gen) tx.update(path, { outputs: [...(gen.data as GenerationDoc).outputs, output], updatedAt: deps.clock.now() });
    });
  }
  return { image: record, marketplace };
}
