package main

import (
	"context"
	"fmt"
	"io"

	"github.com/outagekit/postmortem/internal/atomicfile"
)

// interrupted returns an *interruptedError saying how far the command got
// (progress: "rendering the report") when its context is done (Ctrl-C),
// and nil otherwise.
func (e *env) interrupted(progress string) error {
	if e.ctx.Err() != nil {
		return &interruptedError{progress}
	}
	return nil
}

// writeOutput writes the output file name (or standard output for "-")
// through atomicfile, checking for an interruption before and after write:
// an interrupted run commits nothing and says it was busy with what.
func (e *env) writeOutput(name, what string, write func(w io.Writer) error) error {
	return atomicfile.Write(name, e.stdout, func(w io.Writer) error {
		if err := e.interrupted(what); err != nil {
			return err
		}
		if err := write(w); err != nil {
			return err
		}
		return e.interrupted(what)
	})
}

// ctxReader reads from r until ctx is done, then fails with ctx's error, so
// that a long read (a lines file of millions of rows) stops at Ctrl-C. It
// counts the bytes read for the progress message.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
	n   int64
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress describes how much of file was read.
func (c *ctxReader) progress(file string) string {
	return fmt.Sprintf("reading %d bytes of %s", c.n, file)
}
