// docxtemplater_fill.js TEMPLATE.docx EVIDENCE.xml OUT.docx: the reference pipeline's fill
// step for bench_batch.sh, on tianbiao's own template.
// docxtemplater_fill.js TEMPLATE.docx --outdir DIR EVIDENCE.xml...: the same for many evidence
// files in one Node process (template read once, as docxtemplater's users do); prints
// {"docs":N,"ms":wall,"cpu":ms} for the fills alone (bench/throughput.py). Its tags are XPath-like ({{a/b}},
// {{@year}}, {{#awards/award}} ... {{/awards/award}}, {{x | default("无")}}); docxtemplater
// reads '@' as a raw-XML tag, so '{{@' is rewritten to '{{attr:' first, and a small parser
// evaluates the paths against the evidence DOM (the subset the shipped template uses).
const fs = require("fs");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");
const { DOMParser } = require("@xmldom/xmldom");
const path = require("path");
const args = process.argv.slice(2);
const tpl = args[0];

const kids = (n, name) => Array.from(n.childNodes || []).filter((c) => c.nodeType === 1 && (name === "*" || c.nodeName === name));
function select(node, path) {
	let set = [node];
	for (const step of path.split("/")) {
		if (step === "." || step === "") continue;
		if (step.startsWith("@")) return set.map((n) => n.getAttribute(step.slice(1))).filter((v) => v !== null && v !== "");
		set = set.flatMap((n) => kids(n, step));
	}
	return set;
}
const text = (v) => (typeof v === "string" ? v : (v.textContent || "").trim());
function evaluate(expr, scope) {
	let [path, ...fmts] = expr.split("|").map((s) => s.trim());
	if (path.startsWith("attr:")) path = "@" + path.slice(5);
	let m = path.match(/^count\(preceding-sibling::(\w+)\)\s*\+\s*1$/);
	if (m) return String(kids(scope.parentNode, m[1]).indexOf(scope) + 1);
	const hits = select(scope, path);
	let v = hits.length ? text(hits[0]) : "";
	for (const f of fmts) {
		const d = f.match(/^default\("(.*)"\)$/);
		if (d && v === "") v = d[1];
	}
	return v;
}

const content = fs.readFileSync(tpl);
function fill(evidence) {
	const root = new DOMParser().parseFromString(fs.readFileSync(evidence, "utf8"), "text/xml").documentElement;
	const zip = new PizZip(content);
	for (const name of Object.keys(zip.files).filter((n) => /^word\/.*\.xml$/.test(n)))
		zip.file(name, zip.file(name).asText().replace(/\{\{@/g, "{{attr:"));
	const doc = new Docxtemplater(zip, {
		delimiters: { start: "{{", end: "}}" },
		paragraphLoop: true,
		nullGetter: () => "",
		parser: (tag) => ({
			get: (scope, ctx) => {
				const node = scope && scope.nodeType ? scope : root;
				const t = tag.trim();
				if (ctx && ctx.meta && ctx.meta.part && ctx.meta.part.module === "loop")
					return t === "." ? node : select(node, t.split("|")[0].trim());
				return evaluate(t, node);
			},
		}),
	});
	doc.render({});
	return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
}

if (args[1] === "--outdir") {
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	for (const ev of args.slice(3))
		fs.writeFileSync(path.join(args[2], path.basename(path.dirname(ev)) + ".docx"), fill(ev));
	const c = process.cpuUsage(c0);
	console.log(JSON.stringify({ docs: args.length - 3, ms: Number(process.hrtime.bigint() - t0) / 1e6,
		cpu: (c.user + c.system) / 1000 }));
} else {
	fs.writeFileSync(args[2], fill(args[1]));
}
