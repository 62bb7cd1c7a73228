#!/usr/bin/env node
import { main } from "../dist/nbexport/cli.js";
await main();
