#!/bin/sh
# source_limits.sh DIR: fails when a C file under DIR is longer than 700
# lines or a function in it longer than 100 (from its opening brace in the
# first column to its closing one). Tables are initializers, not functions:
# their brace follows '=' and does not stand alone, so they are not counted.
# Prints each offender as FILE:LINE and how long it is.
dir=${1:?usage: source_limits.sh DIR}
max_file=${MAX_FILE_LINES:-700}
max_fn=${MAX_FUNCTION_LINES:-100}
bad=0
files=$(find "$dir" -name '*.[ch]' | sort)
[ -n "$files" ] || { echo "no C files under $dir"; exit 1; }
for f in $files; do
	awk -v f="$f" -v max_file="$max_file" -v max_fn="$max_fn" '
	$0 == "{" { start = NR }
	$0 == "}" && start { if (NR - start + 1 > max_fn) {
		printf "%s:%d: a function of %d lines (at most %d)\n",
		    f, start, NR - start + 1, max_fn; bad = 1 }
		start = 0 }
	END { if (NR > max_file) {
		printf "%s: %d lines (at most %d)\n", f, NR, max_file; bad = 1 }
		exit bad }' "$f" || bad=1
done
[ $bad -eq 0 ] && echo "ok: $(echo "$files" | wc -l) files within $max_file lines, functions within $max_fn"
exit $bad
