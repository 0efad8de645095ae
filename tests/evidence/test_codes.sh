#!/bin/bash
# Every diagnostic code the evidence reader and validator can emit is documented in
# docs/evidence-format.md, and every invalid test file expects a documented code.
set -u
: "${TB_SRC:?}"
fail=0
doc="$TB_SRC/docs/evidence-format.md"
codes=$(cat "$TB_SRC"/src/data/{evidence,schema,validate,skeleton}.c |
	tr -d '\n\t' | grep -oE 'tb_(error|warn)\([^,]*, "[a-z0-9-]+\.[a-z0-9.-]+"' |
	grep -oE '"[^"]+"$' | tr -d '"'
	# codes handed to the format checker
	grep -ohE '"format\.[a-z]+"' "$TB_SRC"/src/data/validate.c | tr -d '"')
codes=$(printf '%s\n' $codes | sort -u)
n=0
for c in $codes; do
	n=$((n + 1))
	grep -q "\`$c\`" "$doc" || { echo "FAIL: code $c is not documented in docs/evidence-format.md"; fail=1; }
done
[ $n -ge 25 ] || { echo "FAIL: only $n codes found in the sources"; fail=1; }
for f in "$TB_SRC"/tests/evidence/invalid/*.xml; do
	c=$(grep -ao 'expect: [^ ]*' "$f" | head -1 | cut -d' ' -f2)
	grep -q "\`$c\`" "$doc" || { echo "FAIL: $(basename "$f") expects undocumented $c"; fail=1; }
done
echo "$n codes documented"
exit $fail
