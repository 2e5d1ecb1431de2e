package fileformat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/problem"
)

// parseJSON converts a JSON document into the node tree yaml.v3 would build
// for it, with the line and column of every value, the text of numbers as
// written, and keys in file order (so that duplicates can be caught).
func parseJSON(name string, data []byte, l *problem.List) *yaml.Node {
	c := &jsonConv{data: data, dec: json.NewDecoder(bytes.NewReader(data)), pos: positioner{data: data}}
	c.dec.UseNumber()
	root, err := c.value(0)
	if err == nil {
		off := c.start()
		if _, err2 := c.dec.Token(); err2 == nil {
			line, col := Position(data, off)
			l.AddProblem(problem.Problem{File: name, Line: line, Column: col, Msg: "invalid JSON: more data after the top-level value"})
			return nil
		} else if !errors.Is(err2, io.EOF) {
			err = err2
		}
	}
	if err != nil {
		p := problem.Problem{File: name, Msg: "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
		var se *json.SyntaxError
		var ce *convError
		switch {
		case errors.As(err, &ce):
			p.Msg = "invalid JSON: " + ce.msg
			p.Line, p.Column = Position(data, ce.off)
		case errors.As(err, &se):
			p.Line, p.Column = Position(data, int(se.Offset))
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			if len(bytes.TrimSpace(data)) == 0 {
				p.Msg = "empty document"
				p.Line = 1
			} else {
				p.Msg = "invalid JSON: unexpected end of file"
				p.Line, p.Column = Position(data, len(data))
			}
		default:
			p.Line, p.Column = Position(data, c.start())
		}
		l.AddProblem(p)
		return nil
	}
	return root
}

type jsonConv struct {
	data []byte
	dec  *json.Decoder
	pos  positioner
}

// start returns the offset where the next token begins: after the previous
// token, whitespace and the separators the decoder consumes silently.
func (c *jsonConv) start() int {
	i := int(c.dec.InputOffset())
	for i < len(c.data) {
		switch c.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (c *jsonConv) node(kind yaml.Kind, tag, value string, off int) *yaml.Node {
	line, col := c.pos.at(off)
	return &yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col}
}

// convError is a problem the converter finds itself, at a byte offset.
type convError struct {
	off int
	msg string
}

func (e *convError) Error() string { return e.msg }

// value reads one JSON value. depth counts the enclosing objects and arrays.
func (c *jsonConv) value(depth int) (*yaml.Node, error) {
	off := c.start()
	tok, err := c.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return nil, &convError{off, fmt.Sprintf("nested more than %d levels deep", maxDepth)}
		}
		switch t {
		case '{':
			n := c.node(yaml.MappingNode, "!!map", "", off)
			for c.dec.More() {
				koff := c.start()
				ktok, err := c.dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := ktok.(string)
				if !ok {
					return nil, &convError{koff, "object key is not a string"}
				}
				k := c.node(yaml.ScalarNode, "!!str", key, koff)
				k.Style = yaml.DoubleQuotedStyle
				v, err := c.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k, v)
			}
			if _, err := c.dec.Token(); err != nil { // '}'
				return nil, err
			}
			return n, nil
		case '[':
			n := c.node(yaml.SequenceNode, "!!seq", "", off)
			for c.dec.More() {
				v, err := c.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
			if _, err := c.dec.Token(); err != nil { // ']'
				return nil, err
			}
			return n, nil
		}
		return nil, &convError{off, fmt.Sprintf("unexpected %q", rune(t))}
	case string:
		n := c.node(yaml.ScalarNode, "!!str", t, off)
		n.Style = yaml.DoubleQuotedStyle
		return n, nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return c.node(yaml.ScalarNode, tag, string(t), off), nil
	case bool:
		if t {
			return c.node(yaml.ScalarNode, "!!bool", "true", off), nil
		}
		return c.node(yaml.ScalarNode, "!!bool", "false", off), nil
	case nil:
		return c.node(yaml.ScalarNode, "!!null", "null", off), nil
	}
	return nil, &convError{off, fmt.Sprintf("unexpected token %v", tok)}
}
