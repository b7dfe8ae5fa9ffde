import { after } from "next/server";
import { getConfig } from "@/config";
import { problemResponse } from "@/lib/problem-response";
import { forwardToAxiom, readReport } from "@/lib/vitals-relay";

/**
 * `POST /vitals`: Web Vitals from pages whose visitor allowed analytics, relayed to Axiom after the answer (after()),
 * so Axiom being slow or down never holds a page's request. 404 when Axiom is not configured.
 */
export async function POST(request: Request): Promise<Response> {
  const { axiom } = getConfig();
  if (!axiom) return problemResponse(404, "not-found", "Web Vitals are not collected here.");
  const check = await readReport(request);
  if (!check.ok) return check.response;
  after(() => forwardToAxiom(axiom, check.report));
  return new Response(null, { status: 204 });
}

export function GET(): Response {
  return problemResponse(405, "method-not-allowed", "Send Web Vitals with POST.");
}
