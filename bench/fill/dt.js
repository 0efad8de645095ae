// dt.js TEMPLATE DATADIR OUTDIR: docxtemplater fills TEMPLATE once per JSON file, in one
// process, with {{ }} delimiters and paragraphLoop (the same template tianbiao fills).
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");
const [tpl, dataDir, outDir] = process.argv.slice(2);
const content = fs.readFileSync(tpl);
const files = fs.readdirSync(dataDir).filter((f) => f.endsWith(".json")).sort();
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (const f of files) {
  const data = JSON.parse(fs.readFileSync(path.join(dataDir, f), "utf8"));
  const doc = new Docxtemplater(new PizZip(content), {
    delimiters: { start: "{{", end: "}}" }, paragraphLoop: true, linebreaks: true,
  });
  doc.render(data);
  fs.writeFileSync(path.join(outDir, f.replace(".json", ".docx")),
    doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ docs: files.length, ms, cpu: (c.user + c.system) / 1000 }));
