package fileformat

// maxValues bounds countValues's count of a document before it is parsed:
// its values (nodes of the parsed tree: scalars, lists, mappings), which the
// parser holds in memory at about 160 bytes each, are fewer. A file of short
// values ("[a,a,a,…]") has one every two bytes: within the byte limit alone
// a document could take gigabytes; within this bound it has at most about
// 790,000 values (a flow list of one-pair mappings, "[a: b, c: d, …]",
// counts 4 for every 3, the most of the shapes tried). The repository's
// plans and incidents count 2.2 to 3.3 times their values (a time counts
// its hyphens and colons), the seed incident about one per 10 bytes: an
// incident with thousands of events counts tens of thousands, one of 10 MB
// about a million.
const maxValues = 1 << 20

// countValues returns an upper bound on the number of values (YAML nodes)
// a YAML or JSON document has, stopping once it passes limit, and the line
// it stopped on. It scans the bytes once and reads nothing of their
// meaning: every line with something on it counts one, and every byte that
// can start or separate values (":", ",", "-", "?", "[", "{") counts two,
// wherever it stands, in a scalar, a quote or a comment too. Each value
// starts a line or follows one of those bytes, and none of them starts
// more than two (a collection and its first entry; an entry and the empty
// value it implies), so the count is never less than the values the
// parser builds, whatever the document means: a document within it is
// safe to parse. (An earlier count that skipped quoted scalars and
// comments, and read ":" and "," by their context, counted fewer than the
// parser built where it misread that context, as the fuzz target found
// more than once.)
func countValues(data []byte, limit int) (n, line int) {
	n, line = 1, 1 // the document's root
	content := false
	for i := 0; i < len(data) && n <= limit; i++ {
		if w := lineBreak(data, i); w > 0 {
			// A line ends, as YAML ends them: "\n", "\r\n", a bare "\r",
			// or NEL, LS and PS (U+0085, U+2028, U+2029).
			i += w - 1
			line++
			if content {
				n++
			}
			content = false
			continue
		}
		switch data[i] {
		case ' ', '\t':
			continue
		case ':', ',', '-', '?', '[', '{':
			n += 2
		}
		content = true
	}
	if content {
		n++
	}
	return n, line
}

// lineBreak returns the length in bytes of the line break data holds at i,
// as YAML reads them ("\r\n", "\n", "\r", NEL, LS, PS), or 0 when there is
// none.
func lineBreak(data []byte, i int) int {
	rest := data[i:]
	switch {
	case len(rest) == 0:
		return 0
	case rest[0] == '\r' && len(rest) > 1 && rest[1] == '\n':
		return 2
	case rest[0] == '\n' || rest[0] == '\r':
		return 1
	case len(rest) > 1 && rest[0] == 0xC2 && rest[1] == 0x85: // NEL
		return 2
	case len(rest) > 2 && rest[0] == 0xE2 && rest[1] == 0x80 && (rest[2] == 0xA8 || rest[2] == 0xA9): // LS, PS
		return 3
	}
	return 0
}
