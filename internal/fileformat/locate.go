package fileformat

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/problem"
)

// Doc is a decoded document. It remembers where each field is written so
// that problems found after decoding (by validation) can name the line.
// A Doc is immutable and safe for concurrent use.
type Doc struct {
	format Format
	pos    map[string]pos
	text   map[string]string // scalar values as written, by path
}

type pos struct{ line, col int }

// Format returns the format the document was read as.
func (d *Doc) Format() Format {
	if d == nil {
		return YAML
	}
	return d.format
}

// Locate returns the line and column where the field at path is written
// ("timeline[3].at", "weights.partial_outage"): for a field of a mapping,
// the position of its key; for an element of a list, the position of the
// element; for "", the top-level mapping. It returns zeros for a path not in
// the document. It implements problem.Locator; a nil *Doc locates nothing.
func (d *Doc) Locate(path string) (line, column int) {
	if d == nil {
		return 0, 0
	}
	p := d.pos[path]
	return p.line, p.col
}

// Text returns the scalar value at path as the document writes it ("1e30",
// "-15.00", "14h28m"), so that a problem found after decoding can quote
// the user's words rather than the value they decoded to. ok is false for
// a path that is not a scalar of the document; a nil *Doc has no text.
func (d *Doc) Text(path string) (text string, ok bool) {
	if d == nil {
		return "", false
	}
	text, ok = d.text[path]
	return text, ok
}

// index records the position of every path of the tree under root and
// reports duplicate keys, returning the duplicate key nodes (which the
// decoder then skips). Aliases are not followed.
func (d *Doc) index(root *yaml.Node, file string, l *problem.List) map[*yaml.Node]bool {
	d.pos = map[string]pos{"": {root.Line, root.Column}}
	d.text = map[string]string{}
	dups := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.ScalarNode:
			if _, ok := d.text[path]; !ok {
				d.text[path] = n.Value
			}
		case yaml.MappingNode:
			first := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Kind != yaml.ScalarNode || k.Value == "" {
					// An empty name has no path of its own: the decoder
					// reports it at its mapping.
					continue
				}
				p := problem.Join(path, k.Value)
				if prev, ok := first[k.Value]; ok {
					dups[k] = true
					l.AddProblem(problem.Problem{File: file, Line: k.Line, Column: k.Column, Path: p,
						Msg: fmt.Sprintf("duplicate key: already written at line %d", prev.Line)})
					continue
				}
				first[k.Value] = k
				if _, ok := d.pos[p]; !ok {
					d.pos[p] = pos{k.Line, k.Column}
				}
				walk(v, p)
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				p := problem.Index(path, i)
				if _, ok := d.pos[p]; !ok {
					d.pos[p] = pos{item.Line, item.Column}
				}
				walk(item, p)
			}
		}
	}
	walk(root, "")
	return dups
}

var _ problem.Locator = (*Doc)(nil)
