// docxtemplater_fill.js TEMPLATE.docx EVIDENCE.xml OUT.docx: the reference pipeline's fill
// step for bench_batch.sh. Tags {{a/b}} are looked up as paths in the evidence XML (text of
// the first matching element), the way tianbiao's templates name them.
const fs = require("fs");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");
const [tpl, evidence, out] = process.argv.slice(2);
const xml = fs.readFileSync(evidence, "utf8");
function lookup(path) {
	let scope = xml;
	for (const name of path.split("/")) {
		const m = scope.match(new RegExp("<" + name + "(?:\\s[^>]*)?>([\\s\\S]*?)</" + name + ">"));
		if (!m) return "";
		scope = m[1];
	}
	return scope.replace(/<[^>]+>/g, "").trim();
}
const doc = new Docxtemplater(new PizZip(fs.readFileSync(tpl)), {
	delimiters: { start: "{{", end: "}}" },
	paragraphLoop: true,
	nullGetter: () => "",
	parser: (tag) => ({ get: () => lookup(tag.trim()) }),
});
doc.render();
fs.writeFileSync(out, doc.getZip().generate({ type: "nodebuffer" }));
