// Package csvcell keeps spreadsheet formulas out of the CSV files written
// for people (credit lines, rejected rows), while a program reading them
// back through the module gets every value exactly.
//
// A spreadsheet (Excel, LibreOffice Calc, Google Sheets) opening a CSV file
// takes a cell that starts with "=", "+", "-" or "@" for a formula, and so
// can be made to run "=HYPERLINK(…)" or "@SUM(1+1)*cmd|…" from a
// subscription id an attacker chose (CSV or formula injection). Following
// OWASP's guidance, Encode writes such a value with a single quote in
// front, which spreadsheets show as text:
//
//	=HYPERLINK("http://x")   →  '=HYPERLINK("http://x")
//
// # The rule
//
// A value is guarded when its first character is one of
//
//	=  +  -  @  tab  carriage return  line feed  NUL  '
//
// and it is not a plain decimal number ("-1.50", "+3" are numbers to a
// spreadsheet, not formulas, and are written as they are). The quote is in
// the list so that the rule can be undone: Decode removes the first
// character of a value that starts with a quote and is guarded without
// it, and Decode(Encode(s)) == s for every s.
//
// A program that reads a lines or rejects file without the module undoes
// the rule the same way: if a field starts with "'" and the rest would be
// guarded, drop the "'".
//
// The functions are safe for concurrent use.
package csvcell

// trigger marks the first bytes that make a value guarded.
var trigger = [256]bool{'=': true, '+': true, '-': true, '@': true, '\t': true, '\r': true, '\n': true, 0: true, '\'': true}

// Guarded reports whether s is written with a quote in front.
func Guarded[T string | []byte](s T) bool {
	return len(s) > 0 && trigger[s[0]] && !isNumber(s)
}

// isNumber reports whether s is a decimal number with an optional sign:
// "-1", "+2.50", "-.5".
func isNumber[T string | []byte](s T) bool {
	i := 0
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// Encode returns s as it is written in a file for people: with a quote in
// front when it is guarded.
func Encode(s string) string {
	if Guarded(s) {
		return "'" + s
	}
	return s
}

// Append appends Encode(s) to dst, without allocating.
func Append[T string | []byte](dst []byte, s T) []byte {
	if Guarded(s) {
		dst = append(dst, '\'')
	}
	return append(dst, s...)
}

// Decode returns the value a field of a file for people holds: s without
// the quote Encode put in front, or s itself (a subslice of it for bytes,
// without copying).
func Decode[T string | []byte](s T) T {
	if len(s) > 1 && s[0] == '\'' && Guarded(s[1:]) {
		return s[1:]
	}
	return s
}
