package fileformat

import "strings"

// suggest returns the field name closest to an unknown name, when it is
// close enough to be a likely typo: the same name up to case, "_" and "-"
// ("actionItems" for "action_items"), or within one edit for short names
// and two for names of five letters or more (a swap of two neighbouring
// letters is one edit: "levle" for "level"). It returns "" otherwise.
func suggest(name string, fields []field) string {
	best, bestDist := "", 3
	if len([]rune(name)) < 5 {
		bestDist = 2
	}
	n := norm(name)
	for _, f := range fields {
		if norm(f.name) == n {
			return f.name
		}
		if d := editDistance(name, f.name); d < bestDist {
			best, bestDist = f.name, d
		}
	}
	return best
}

// norm returns s in lower case without "_" and "-".
func norm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if r != '_' && r != '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 64 || len(y) > 64 {
		return 1 << 30 // too long to be a typo worth suggesting for
	}
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
