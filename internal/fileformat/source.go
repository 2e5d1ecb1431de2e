package fileformat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/problem"
)

// Limits that keep hostile input cheap. Our files are a few kilobytes.
const (
	// DefaultMaxBytes is the largest document Decode reads when
	// Options.MaxBytes is zero.
	DefaultMaxBytes = 16 << 20
	// maxDepth is the deepest nesting of mappings and sequences accepted.
	maxDepth = 100
	// maxNodes bounds the nodes the walk visits, aliases expanded, so that
	// a "billion laughs" document cannot make Decode build a huge value.
	maxNodes = 1 << 20
)

var bom = []byte("\xef\xbb\xbf")

// FormatOf returns the format of a file by the extension of its name: JSON
// for ".json" (any case), YAML otherwise.
func FormatOf(name string) Format {
	if strings.EqualFold(filepath.Ext(name), ".json") {
		return JSON
	}
	return YAML
}

// isJSON reports whether data is read as JSON: the name ends in ".json", or
// it ends in neither ".yaml" nor ".yml" and the first non-space byte is "{".
func isJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// TooLarge returns the problem of a document data larger than maxBytes
// (DefaultMaxBytes when maxBytes ≤ 0), naming the line the limit falls in,
// and whether there is one. data may have been cut one byte past the limit
// (limited.ReadAll): the problem does not say how large the file is.
func TooLarge(name string, data []byte, maxBytes int) (problem.Problem, bool) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if len(data) <= maxBytes {
		return problem.Problem{}, false
	}
	// Cheap to locate, not to parse: name the line the limit falls in.
	line, _ := Position(data, maxBytes)
	return problem.Problem{File: name, Line: line,
		Msg: fmt.Sprintf("file is larger than the limit of %d bytes (reached on line %d)", maxBytes, line)}, true
}

// TooManyValues returns the problem of a YAML or JSON document data with
// more values than a document may have, naming the line the limit is
// reached on, and whether there is one. A YAML parser builds every value
// before anything can be checked: a reader of another format calls it
// before parsing, as Load does.
func TooManyValues(name string, data []byte) (problem.Problem, bool) {
	n, line := countValues(data, maxValues)
	if n <= maxValues {
		return problem.Problem{}, false
	}
	return problem.Problem{File: name, Line: line,
		Msg: fmt.Sprintf("the document has too many values to parse: more than %d values, separators and lines (the limit, reached on line %d); these files count tens of thousands", maxValues, line)}, true
}

// parse turns data into the root node of its single document, recording
// problems in l. It returns nil when there is no usable document.
func parse(name string, data []byte, maxBytes int, l *problem.List) (root *yaml.Node, json bool) {
	if p, ok := TooLarge(name, data, maxBytes); ok {
		l.AddProblem(p)
		return nil, false
	}
	data = bytes.TrimPrefix(data, bom)
	if p, ok := TooManyValues(name, data); ok {
		// The parser would build every value first: refuse before.
		l.AddProblem(p)
		return nil, false
	}
	if !utf8.Valid(data) {
		invalidUTF8Problems(name, data, l)
		return nil, false
	}
	json = isJSON(name, data)
	if json {
		root = parseJSON(name, data, l)
	} else {
		root = parseYAML(name, data, l)
	}
	if root == nil {
		return nil, json
	}
	if d := depth(root, 0); d > maxDepth {
		l.AddProblem(problem.Problem{File: name, Line: 1, Msg: fmt.Sprintf("nested more than %d levels deep", maxDepth)})
		return nil, json
	}
	switch {
	case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
		l.AddProblem(problem.Problem{File: name, Line: 1, Msg: "empty document"})
		return nil, json
	case root.Kind != yaml.MappingNode:
		l.AddProblem(problem.Problem{File: name, Line: root.Line, Column: root.Column,
			Msg: "the top level must be a mapping of field names to values, not " + describe(root)})
		return nil, json
	}
	return root, json
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
var yamlAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

func parseYAML(name string, data []byte, l *problem.List) *yaml.Node {
	if i := badControl(data); i >= 0 {
		r, _ := utf8.DecodeRune(data[i:])
		line, col := Position(data, i)
		l.AddProblem(problem.Problem{File: name, Line: line, Column: col, Msg: fmt.Sprintf("control character %U is not allowed", r)})
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.AddProblem(problem.Problem{File: name, Line: 1, Msg: "empty document"})
		} else {
			l.AddProblem(yamlProblem(name, data, err))
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		l.AddProblem(problem.Problem{File: name, Line: max(next.Line, 1), Msg: "several YAML documents in one file: write one"})
		return nil
	case !errors.Is(err, io.EOF):
		l.AddProblem(yamlProblem(name, data, err))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		l.AddProblem(problem.Problem{File: name, Line: 1, Msg: "empty document"})
		return nil
	}
	return doc.Content[0]
}

// yamlProblem turns a yaml.v3 syntax error into a problem. yaml.v3 leaves
// out the line of errors on the first line.
func yamlProblem(name string, data []byte, err error) problem.Problem {
	msg := err.Error()
	p := problem.Problem{File: name, Line: 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else if m := yamlAnchor.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			p.Line, p.Column = Position(data, i)
		}
		msg = fmt.Sprintf("unknown anchor %q referenced", m[1])
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	p.Msg = "invalid YAML: " + msg
	return p
}

// Position returns the 1-based line and column (in characters) of byte
// offset off of data; an offset outside data is taken as its nearest end.
// Lines end as YAML ends them: "\n", "\r\n", or a bare "\r" (a file saved
// with classic Mac OS line ends), so positions agree with the YAML
// parser's.
func Position(data []byte, off int) (line, col int) {
	p := positioner{data: data}
	return p.at(off)
}

// positioner computes positions of increasing offsets in linear total time.
type positioner struct {
	data      []byte
	off       int // offset of the last position computed
	line, col int
}

func (p *positioner) at(off int) (line, col int) {
	off = min(max(off, 0), len(p.data))
	if p.line == 0 || off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	for p.off < off {
		r, n := utf8.DecodeRune(p.data[p.off:])
		switch {
		case r == '\n', r == '\r' && (p.off+1 >= len(p.data) || p.data[p.off+1] != '\n'):
			p.line, p.col = p.line+1, 1
		case r == '\r':
			// The "\r" of a "\r\n": the "\n" ends the line.
		default:
			p.col++
		}
		p.off += n
	}
	return p.line, p.col
}

// badControl returns the offset of the first character YAML does not allow
// in a file, or -1.
func badControl(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85,
			r >= 0x20 && r <= 0x7e,
			r >= 0xa0 && r <= 0xd7ff,
			r >= 0xe000 && r <= 0xfffd && !(r == 0xfeff && i > 0),
			r >= 0x10000 && r <= 0x10ffff:
		default:
			return i
		}
		i += n
	}
	return -1
}

// depth returns the nesting depth of n, stopping early past maxDepth.
// Aliases are not followed.
func depth(n *yaml.Node, d int) int {
	if d > maxDepth {
		return d
	}
	deepest := d
	for _, c := range n.Content {
		if x := depth(c, d+1); x > deepest {
			deepest = x
			if deepest > maxDepth {
				break
			}
		}
	}
	return deepest
}

// describe names the kind of a node for messages: "a mapping", "a list",
// "the string \"x\"".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		v := n.Value
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return strconv.Quote(v)
	}
	return "nothing"
}
