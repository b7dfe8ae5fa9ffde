/**
 * `npm run axiom-receiver`: a local receiver of Axiom's ingest API that prints every batch it gets, one JSON line
 * per batch on stdout. Start the stack with AXIOM_URL pointing at it to see exactly what the API ships:
 *
 *   npm run axiom-receiver                       # listens on 127.0.0.1:8789, token xaat-local
 *   AXIOM_TOKEN=xaat-local AXIOM_DATASET=bez AXIOM_URL=http://127.0.0.1:8789 npm start
 */
import { loadAxiomReceiverConfig } from "../config.ts";
import { startAxiomReceiver } from "./receiver.ts";

const { port, token } = loadAxiomReceiverConfig();
const receiver = await startAxiomReceiver(token, {
  port,
  onBatch: (batch) => process.stdout.write(`${JSON.stringify(batch)}\n`),
});
process.stderr.write(`Axiom receiver on ${receiver.url} (POST /v1/datasets/{dataset}/ingest, Bearer ${token})\n`);
const stop = () => void receiver.stop().finally(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
