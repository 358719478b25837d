// Prints the test run's totals as one plain line from Vitest's JSON report.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "tests/artifacts/vitest.json";
const report = JSON.parse(readFileSync(file, "utf8"));
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
