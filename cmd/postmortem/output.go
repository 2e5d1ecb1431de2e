package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

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

// outputs are the output files of one run (an atomicfile.Group): every
// output is created before the run does its work, none may be one of the
// run's inputs or another output, and they are published together by
// commit, or dropped by close (deferred).
type outputs struct {
	e     *env
	g     *atomicfile.Group
	flags map[string]string // the flag that gave each output
}

// newOutputs starts the outputs of a run that reads the files inputs
// ("-": standard input).
func (e *env) newOutputs(inputs ...string) *outputs {
	g := atomicfile.NewGroup(e.stdout)
	for _, name := range inputs {
		if name != "-" {
			g.Input(name)
		} else if f, ok := e.stdin.(*os.File); ok {
			g.InputFile(stdinName, f)
		}
	}
	return &outputs{e: e, g: g, flags: map[string]string{}}
}

// create creates the output name given by -flag. An output that is the
// same file as an input or as another output is a usage error.
func (o *outputs) create(flag, name string) (*atomicfile.File, error) {
	f, err := o.g.Create(name)
	if err != nil {
		return nil, o.usage(flag, name, err)
	}
	o.flags[name] = flag
	return f, nil
}

// check records name, given by -flag, as an output another writer (a
// Stage) will write; see create.
func (o *outputs) check(flag, name string) error {
	if err := o.g.Check(name); err != nil {
		return o.usage(flag, name, err)
	}
	o.flags[name] = flag
	return nil
}

// usage turns an *atomicfile.SameFileError about the output name given by
// -flag into a usage error that names the flags; any other error of
// creating it names the flag and says what failed on which file ("-summary
// "out/s.json": lstat out: no such file or directory").
func (o *outputs) usage(flag, name string, err error) error {
	var se *atomicfile.SameFileError
	if !errors.As(err, &se) {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			return fmt.Errorf("-%s %q: %s %s: %w", flag, name, pe.Op, pe.Path, pe.Err)
		}
		return fmt.Errorf("-%s %q: %w", flag, name, err)
	}
	other := fmt.Sprintf("the input %q", se.Other)
	if !se.Input {
		other = fmt.Sprintf("-%s %q", o.flags[se.Other], se.Other)
		if o.flags[se.Other] == "" {
			other = se.Other // standard output redirected to a file
		}
	}
	if atomicfile.IsStdout(se.Name) && atomicfile.IsStdout(se.Other) {
		return usagef("-%s %q and %s both write to standard output: only one output can", flag, se.Name, other)
	}
	return usagef("-%s %q is the same file as %s: give another file", flag, se.Name, other)
}

// commit publishes every output, unless the run was interrupted while it
// was busy with what.
func (o *outputs) commit(what string) error {
	if err := o.e.interrupted(what); err != nil {
		return err
	}
	return o.g.Commit()
}

// close drops the outputs unless they were committed.
func (o *outputs) close() { o.g.Close() }

// startOutput starts the single output of a command that reads inputs:
// the file name given by -out, created before the command does its work.
// The command writes to the file, then commits the outputs (and closes
// them, deferred).
func (e *env) startOutput(name string, inputs []string) (*outputs, *atomicfile.File, error) {
	o := e.newOutputs(inputs...)
	f, err := o.create("out", name)
	if err != nil {
		o.close()
		return nil, nil, err
	}
	return o, f, nil
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
