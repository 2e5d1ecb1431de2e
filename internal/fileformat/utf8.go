package fileformat

import (
	"fmt"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/problem"
)

// maxUTF8Lines is how many lines with bytes that are not UTF-8 are reported
// one by one; a file in another encoding has them on most lines.
const maxUTF8Lines = 10

// invalidUTF8Problems reports the lines of data that hold bytes that are not
// UTF-8 (the first maxUTF8Lines of them, then a count), each with the field
// whose key or value holds the first such byte of the line: the rest of the
// document is parsed with every bad byte replaced by U+FFFD, which keeps
// lines and columns where they were. The field is left out when the
// document does not parse even so.
func invalidUTF8Problems(name string, data []byte, l *problem.List) {
	var bad []int // offsets of the bad bytes
	clean := make([]byte, 0, len(data)+64)
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			bad = append(bad, i)
			clean = append(clean, "\uFFFD"...)
			i++
			continue
		}
		clean = append(clean, data[i:i+n]...)
		i += n
	}
	var discard problem.List
	var root *yaml.Node
	if isJSON(name, clean) {
		root = parseJSON(name, clean, &discard)
	} else {
		root = parseYAML(name, clean, &discard)
	}
	if root != nil && depth(root, 0) > maxDepth {
		root = nil // too deep to name fields in: parse reports it once the bytes are fixed
	}
	p := positioner{data: data}
	lastLine, lines := 0, 0
	for _, off := range bad {
		line, col := p.at(off)
		if line == lastLine {
			continue
		}
		lastLine = line
		lines++
		if lines > maxUTF8Lines {
			continue
		}
		path := ""
		if root != nil {
			path = pathAt(root, line, col).String()
		}
		l.AddProblem(problem.Problem{File: name, Line: line, Column: col, Path: path,
			Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x): the file must be UTF-8 text", data[off])})
	}
	if more := lines - maxUTF8Lines; more > 0 {
		l.AddProblem(problem.Problem{File: name, Line: lastLine,
			Msg: fmt.Sprintf("invalid UTF-8 on %d more lines", more)})
	}
}

// pathAt returns the path of the field written at or last before line and
// col in the tree under root, nested at most maxDepth deep: the field whose
// key or scalar value starts there. Aliases are not followed. The walk
// builds no path text: the path is written out once, by the caller.
func pathAt(root *yaml.Node, line, col int) *fieldPath {
	var best *fieldPath
	at := func(n *yaml.Node) bool {
		return n.Line < line || n.Line == line && n.Column <= col
	}
	var walk func(n *yaml.Node, path *fieldPath)
	walk = func(n *yaml.Node, path *fieldPath) {
		if !at(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			best = path
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if !at(k) {
					return
				}
				p := path.field(k.Value)
				best = p
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				walk(item, path.elem(i))
			}
		}
	}
	walk(root, nil)
	return best
}
