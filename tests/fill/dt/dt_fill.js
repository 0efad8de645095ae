// dt_fill.js CASES_DIR OUT_DIR [CASE...]: docxtemplater fills each case's template.docx with
// its data.json, as its users configure it: angular expressions (docxtemplater/expressions),
// paragraphLoop and linebreaks on, missing values as empty text; OUT_DIR/<case>.docx.
// Prints one JSON line per case: {"case": ..., "ok": true} or {"case": ..., "error": ...}.
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");
const expressionParser = require("docxtemplater/expressions.js");

const [casesDir, outDir, ...only] = process.argv.slice(2);
const names = only.length ? only : fs.readdirSync(casesDir).filter((n) =>
	fs.existsSync(path.join(casesDir, n, "data.json"))).sort();
for (const name of names) {
	const dir = path.join(casesDir, name);
	try {
		const data = JSON.parse(fs.readFileSync(path.join(dir, "data.json"), "utf8"));
		const doc = new Docxtemplater(new PizZip(fs.readFileSync(path.join(dir, "template.docx"))), {
			parser: expressionParser,
			paragraphLoop: true,
			linebreaks: true,
			nullGetter: () => "",
		});
		doc.render(data);
		fs.writeFileSync(path.join(outDir, name + ".docx"),
			doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
		console.log(JSON.stringify({ case: name, ok: true }));
	} catch (e) {
		const detail = e.properties && e.properties.errors
			? e.properties.errors.map((x) => x.properties && x.properties.explanation).join("; ")
			: String(e.message || e);
		console.log(JSON.stringify({ case: name, error: detail }));
	}
}
