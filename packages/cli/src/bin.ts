#!/usr/bin/env node
/** The `bez` executable. */
import { readEnvironment } from "./config.ts";
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, readEnvironment());
