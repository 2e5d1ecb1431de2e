package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source/openslo"
)

// The exit statuses; see the package comment.
const (
	exitOK          = 0
	exitInvalid     = 1
	exitUsage       = 2
	exitInternal    = 3
	exitInterrupted = 130
)

// env is what a command runs with: its context and streams.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	// stderr shows every character that could drive a terminal escaped
	// (see safeWriter): messages echo input. rawStderr is the stream
	// itself, for the progress bar.
	stderr    io.Writer
	rawStderr io.Writer
	// stdinUsed is set once a command has read stdin, which can be read
	// only once ("-" given twice is a usage error).
	stdinUsed bool
	// loaded maps the kind and id of every incident and policy the command
	// loaded to the file it came from (see env.checkID).
	loaded map[idKey]string
	// sloOpts choose what loadPolicy reads of an OpenSLO file; slo is the
	// OpenSLO SLO it read, if the policy was one.
	sloOpts openslo.Opts
	slo     *openslo.SLO
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

// commands lists the subcommands in the order "postmortem -h" shows them.
func commands() []command {
	return []command{
		{"demo", "run the whole pipeline on the embedded seed incident", runDemo},
		{"validate", "check incident, policy and plans files", runValidate},
		{"metrics", "an incident's metrics: time to detect, outage, silence, RCA due", runMetrics},
		{"sla", "availability per window under an SLA policy", runSLA},
		{"credits", "credit lines for a subscriptions CSV", runCredits},
		{"exposure", "what outages of each length would cost: CSV, JSON, chart", runExposure},
		{"refunds", "prorated refunds of subscriptions that end or change plan mid-period", runRefunds},
		{"report", "the root-cause report as Markdown or PDF", runReport},
		{"lint", "check an incident against the root-cause-analysis checklist", runLint},
		{"statement", "the monthly SLA statement: every incident of a window, availability, credits", runStatement},
		{"import", "convert another tool's export into incident files", runImport},
		{"catalog", "list the providers' SLAs shipped in the binary (-policy catalog:NAME)", runCatalog},
		{"version", "print the version", runVersion},
	}
}

const mainUsage = `postmortem turns an outage into an honest account of it and the money owed.

Usage:
  postmortem COMMAND [flags] [arguments]
  postmortem COMMAND -h        help for one command

Commands:
%s
Flags and arguments may come in any order; "--" ends the flags. A file name
"-" means standard input (or standard output for -out).

Exit status: 0 success; 1 invalid input, rejected rows or an I/O error;
2 bad usage; 3 internal error; 130 interrupted.
`

func printMainUsage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, mainUsage, b.String())
}

// runContext runs args under ctx and returns the exit status. It never
// panics: a panic is reported as a one-line internal error, exit status 3.
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	name := "postmortem"
	rawStderr := stderr
	stderr = newSafeWriter(stderr)
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "%s: internal error: %v (please report this bug)\n", name, r)
			if os.Getenv("POSTMORTEM_TRACEBACK") != "" {
				stderr.Write(debug.Stack())
			}
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		printMainUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return runContext(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
		}
		printMainUsage(stdout)
		return exitOK
	case "-version", "--version":
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		name = "postmortem " + c.name
		e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, rawStderr: rawStderr}
		return exitStatus(stderr, name, c.run(e, args[1:]))
	}
	fmt.Fprintf(stderr, "postmortem: unknown command %q\n\n", args[0])
	printMainUsage(stderr)
	return exitUsage
}

// usageError is bad usage: the message is printed with a hint at -h.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// errHelp is returned by a command that printed its help.
var errHelp = errors.New("help requested")

// errReported is returned by a command that already printed why it failed
// with exit status 1.
var errReported = errors.New("failed")

// interruptedError is a run stopped by Ctrl-C; Progress says how far it got.
type interruptedError struct{ progress string }

func (e *interruptedError) Error() string {
	if e.progress == "" {
		return "interrupted"
	}
	return "interrupted after " + e.progress
}

// exitStatus prints err the way its kind asks and returns the exit status.
func exitStatus(stderr io.Writer, name string, err error) int {
	var uerr *usageError
	var verr *rca.ValidationError
	var ierr *interruptedError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errReported):
		return exitInvalid
	case errors.As(err, &uerr):
		fmt.Fprintf(stderr, "%s: %s\nRun '%s -h' for usage.\n", name, uerr.msg, name)
		return exitUsage
	case errors.As(err, &ierr):
		fmt.Fprintf(stderr, "%s: %s; no output file was written\n", name, ierr)
		return exitInterrupted
	case errors.As(err, &verr):
		printProblems(stderr, verr)
		fmt.Fprintf(stderr, "%s: %s\n", name, plural(verr.Len(), "problem"))
		return exitInvalid
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "%s: interrupted; no output file was written\n", name)
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitInvalid
	}
}

// printProblems prints one problem a line: "file:line:col: path: message",
// then how many more were found than are listed (problem.MaxProblems).
func printProblems(w io.Writer, verr *rca.ValidationError) {
	for _, p := range verr.Problems {
		fmt.Fprintln(w, p.String())
	}
	if line := verr.OmittedLine(); line != "" {
		fmt.Fprintln(w, line)
	}
}

// plural returns "1 problem", "2 problems".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// flags is a command's flag set with its usage text.
type flags struct {
	*flag.FlagSet
	e     *env
	usage string // "postmortem sla -policy FILE ..." and a description
}

// newFlags returns the flag set of command name; usage is the synopsis and
// description printed above the flag list by -h.
func newFlags(e *env, name, usage string) *flags {
	fs := flag.NewFlagSet("postmortem "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, e: e, usage: usage}
}

// printUsage writes the usage text and the flags to w.
func (f *flags) printUsage(w io.Writer) {
	fmt.Fprint(w, strings.TrimLeft(f.usage, "\n"))
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
}

// parse parses args, letting flags and positional arguments come in any
// order ("--" ends the flags), and returns the positional arguments. -h
// prints the usage to stdout and returns errHelp; a bad flag is a
// usageError.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		err := f.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			f.printUsage(f.e.stdout)
			return nil, errHelp
		}
		if err != nil {
			return nil, &usageError{err.Error()}
		}
		rest := f.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// file defines a flag whose value names a file or a folder, with the
// default value: an empty name given to it is a usage error (it names no
// file; it used to fail later as an I/O error, or mean the default).
func (f *flags) file(name, value, usage string) *string {
	p := new(string)
	*p = value
	f.Var((*fileFlag)(p), name, usage)
	return p
}

// fileFlag is the value of a flag defined by flags.file.
type fileFlag string

func (v *fileFlag) String() string { return string(*v) }

func (v *fileFlag) Set(s string) error {
	if s == "" {
		return errEmptyName
	}
	*v = fileFlag(s)
	return nil
}

var errEmptyName = errors.New("empty file name")

// listFlag is a file flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	if s == "" {
		return errEmptyName
	}
	*l = append(*l, s)
	return nil
}
