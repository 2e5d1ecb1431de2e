package fileformat

// maxValues bounds the values (nodes of the parsed tree: scalars, lists,
// mappings) a document may have, counted before it is parsed (see
// countValues). The parser holds every node in memory, at about 160
// bytes each, and a file of short values ("[a,a,a,…]") has one every two
// bytes: within the byte limit alone a document could take gigabytes. Our
// largest files, a plans catalogue or an incident with thousands of
// events, have tens of thousands of values.
const maxValues = 1 << 19

// countValues returns an upper bound on the number of values (YAML nodes)
// a YAML or JSON document has, stopping once it passes limit, and the line
// it stopped on. It scans the bytes once without parsing: every line with
// something on it counts one, every indicator that starts or separates
// values counts one or two ("- " an entry; ": " a key's value and maybe its
// mapping; "?" an explicit key and its value; in flow context "[", "{",
// "," and ":" two). Comments and quoted scalars (from a quote that starts
// a value to its end or the end of its line) count nothing more; text that
// cannot hold an indicator counts too often, which only makes the bound
// looser. It never
// counts less than the parser builds nodes, so a document within it is
// safe to parse.
func countValues(data []byte, limit int) (n, line int) {
	n, line = 1, 1 // the document's root
	flow := 0      // depth of flow collections
	content := false
	startOfValue := true // a quote here starts a quoted scalar
	space := func(j int) bool {
		return j >= len(data) || data[j] == ' ' || data[j] == '\t' || lineBreak(data, j) > 0
	}
	for i := 0; i < len(data) && n <= limit; i++ {
		c := data[i]
		if w := lineBreak(data, i); w > 0 {
			// A line ends, as YAML ends them: "\n", "\r\n", a bare "\r",
			// or NEL, LS and PS (U+0085, U+2028, U+2029).
			i += w - 1
			line++
			if content {
				n++
			}
			content, startOfValue = false, true
			continue
		}
		switch {
		case c == ' ' || c == '\t':
			continue
		case c == '#' && (i == 0 || space(i-1)):
			for i+1 < len(data) && lineBreak(data, i+1) == 0 {
				i++
			}
			continue
		case (c == '"' || c == '\'') && startOfValue:
			// A quoted scalar: one value, whatever it holds. The skip
			// stops at the end of the line: a quote that only looks like
			// the start of a scalar (in a block of text) must not hide
			// the lines after it; a scalar over several lines is
			// counted line by line, which is only more.
			for i++; i < len(data) && lineBreak(data, i) == 0; i++ {
				if c == '"' && data[i] == '\\' && i+1 < len(data) && lineBreak(data, i+1) == 0 {
					i++ // an escaped character, not a line end
					continue
				}
				if data[i] == c {
					if c == '\'' && i+1 < len(data) && data[i+1] == '\'' {
						i++ // '' is a quote inside
						continue
					}
					break
				}
			}
			if i < len(data) && lineBreak(data, i) > 0 {
				i-- // the line end is the main loop's
			}
			content, startOfValue = true, false
			continue
		case c == '[' || c == '{':
			flow++
			n += 2
			startOfValue = true
		case c == ']' || c == '}':
			flow = max(flow-1, 0)
			startOfValue = false
		case c == ',' && flow > 0:
			n += 2
			startOfValue = true
		case c == ':' && (flow > 0 || space(i+1)):
			n += 2
			startOfValue = true
		case (c == '-' || c == '?') && space(i+1):
			n += 2
			startOfValue = true
		default:
			startOfValue = false
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
