// Package report renders an incident's root-cause report, for customers,
// executives and finance, as GitHub-flavoured Markdown and as PDF.
//
// A [Document] holds what a report shows: the incident with its metrics,
// optionally the SLA results and the credit summary, and [Options] (the
// reader's language and time zone, public or internal edition, page size).
// [New] builds one from an incident; [WriteMarkdown] and [WritePDF] render
// it to an io.Writer:
//
//	doc := report.New(inc, report.Options{Lang: language.German, Public: true, AsOf: now})
//	doc.Policy, doc.Results = policy, results // from sla.Measure
//	doc.Credits = &summary                    // from a credit run
//	err := report.WritePDF(w, doc)
//
// # One document, two renderers
//
// Both renderers draw the same content, laid out once: which sections
// appear, in which order, what the public edition leaves out and how every
// value is formatted is decided in one place, so the Markdown and the PDF
// never disagree. They differ in layout only. The sections, in order:
//
//   - the title block: title, incident ID, severity, status, when impact
//     began and ended, the outage duration, services, authors, the
//     report's date and the time zone;
//   - Summary: the summary text and the response times (to detect,
//     acknowledge, mitigate, resolve) and the root-cause analysis due date;
//   - Impact: services and components, outage per component with the time
//     at each level, and every impact with its level, span, duration,
//     affected share and note;
//   - Timeline chart: one row per component, bars coloured by impact level,
//     the milestones near the impact marked;
//   - Timeline: every event with date, time and zone, kind, text, status
//     changes and source;
//   - SLA results per window: objective, availability, downtime (and
//     weighted downtime), error budget used and remaining, met or breached;
//   - Service credits per plan and currency, totals per currency (exactly
//     as the credit summary has them) and the counts of the run;
//   - Root cause: trigger, root causes, contributing factors, detection and
//     resolution;
//   - Lessons learned: what went well, what went wrong, where we got lucky;
//   - Action items: type, owner, priority, due date and status, overdue
//     items marked;
//   - Recovery-plan readiness: the plan, its last review and drill, whether
//     failover was tested, and the findings;
//   - Communications log and Customer updates: how many public updates
//     customers got while impact lasted, how soon, how often, and the
//     longest silence;
//   - Internal notes (internal edition only).
//
// A section whose input is optional (SLA results, credits, the chart
// without impacts, notes) is left out when there is nothing to show. A
// section every root-cause analysis owes its readers (impact, timeline,
// root cause, lessons, action items, communications) says "None recorded."
// when it is empty: there, absence is information.
//
// # The public edition
//
// The public edition (Options.Public) is published to customers. It is
// rendered from a public view of the incident built field by field from a
// list of public fields (the README's "The public edition" table, held to
// the code by TestPublicFields): no internal event, note, owner, priority,
// link, event source, author or recovery plan, unless the incident's
// publish block (rca.Publish) says so for sources, authors or readiness.
// Every figure of it is measured on that view, so an internal event
// reaches no metric, chart marker or Mermaid milestone. It leaves out the
// sections it has nothing to show in, rather than telling customers "None
// recorded.". An incident that says nothing about its recovery plan gets
// no readiness findings in either edition.
//
// A report whose analysis is incomplete (rca.Gap.Draft: no summary,
// trigger, root cause or action items; or impact still going on) says so
// on its first page: "Draft: root cause not yet recorded.".
//
// # The SLA statement
//
// A [Statement] is the other document: the SLA statement of one window
// (NewStatement), rendered by [WriteStatementMarkdown] and
// [WriteStatementPDF] with the same layout, languages and determinism.
//
// The report shows the metrics in Document.Metrics as they are: it does not
// measure the incident itself. New fills them in with rca's definitions.
//
// # Times, numbers and money
//
// Every time is shown with its date and zone, never as a time alone, in one
// unambiguous form in every language: "2014-04-18 10:32 EDT (UTC−04:00)", in
// the reader's zone (Options.Zone) or else the incident's. Instants the
// sources give only roughly are marked "≈". Durations are rounded to the
// second for display and written with the language's units ("14h28m",
// "14 Std. 28 Min.", "14 h 28 min"); hours are not folded into days.
//
// Amounts of money are decimals from the credit package and stay decimals:
// they are formatted digit by digit, never converted to float64. An amount
// shows the currency's standard number of decimals, or more if it has
// more. A document with amounts in one currency writes its symbol ("$0.30");
// one with several writes every amount with its ISO code ("USD 69.15",
// "69,15 USD"), since x/text has symbols for some currencies and only codes
// for others. Availability is shown rounded half-up to six decimals, but never as
// 100% when it is below; objectives are shown with the digits they have.
//
// # Markdown
//
// [WriteMarkdown] writes headings, lists and pipe tables, and the timeline
// chart as a Mermaid gantt block (a section per component; major outages
// tagged crit, partial outages active, degraded performance done,
// maintenance untagged, an init directive colouring them as the PDF does,
// and a legend naming the colours; milestones as Mermaid milestones).
// Mermaid reads
// times without a zone, so they are written in the report's zone and the
// caption names it.
//
// Every string, from the incident file or not, passes through one escaping
// function: backslash escapes for inline syntax (emphasis, code spans,
// links, images, HTML, entities, table pipes, strikethrough, math,
// mentions), escapes for what starts a block at the beginning of a line,
// broken autolink patterns ("https\://", "www\."), and line breaks folded
// into spaces. Incident text therefore cannot add a table column, an HTML
// tag, a link or an image: the tests check this as a property of the
// rendered HTML (with goldmark's GFM) on fuzzed input. Mermaid labels are
// escaped for Mermaid's syntax with its "#58;" entity codes, which also
// keeps them from closing the code fence. URLs of action items and
// communications become links only when they are absolute http or https
// URLs; anything else is shown as text.
//
// # PDF
//
// [WritePDF] lays out A4 or US Letter pages with gofpdf: a title page (the
// title in a band, any draft notice, the key figures, what happened, who
// was affected, what will change, the title block), then the numbered
// sections with bookmarks, a running header and a "page N of M" footer on
// every page. The timeline chart is drawn on a true time axis with ticks at
// round local times of the report's zone (dates under them when the day
// changes), one row per component with bars coloured by level, numbered
// milestone markers with dashed lines, and a legend of levels and
// milestones. Tables size their columns from their content, measure each
// row before drawing it, continue on the next page under a repeated header,
// and split a row taller than a page. A heading, subheading or table
// header never ends a page (keep with next). Lines break at spaces, then
// after hyphens and slashes; a word still too wide for its column is
// hyphenated with the TeX patterns of the report's language
// (internal/hyphen), and only what has no hyphenation point is cut
// between characters.
// Rendering time grows with the length of the text, not with its square: a
// title of megabytes is shortened to five lines on the title page and one
// in the running header. Action-item links and communication URLs become
// link annotations; gofpdf writes them as dictionaries directly in a page's
// annotation array, which every viewer reads but ISO 32000 (and pdfcpu's
// strict validation) wants as indirect references.
//
// The font is Liberation Sans (github.com/go-fonts/liberation, SIL Open
// Font License), embedded as UTF-8 subsets, so Latin, Greek and Cyrillic
// text renders, with a hyphen that is not mistaken for a dash. Every string
// passes through one cleaning function on its way in: characters the fonts
// cannot draw (emoji, CJK, other scripts) become "□", invisible format
// characters are dropped, text is composed to NFC. A panic inside gofpdf is
// recovered at the renderer's boundary and returned as an error; the PDF is
// written to the io.Writer only when it is complete.
//
// # Determinism and concurrency
//
// The same Document gives the same bytes, in both formats: the PDF's
// creation and modification dates are the report's date (Options.Generated,
// else AsOf, else the instant its data is as of), its catalog is sorted, and nothing
// reads the clock, the environment or a map in random order. Renderers only
// read the Document and keep no global state (the font coverage table and
// the parsed catalogs are computed once and never change), so any number of
// goroutines may render documents at the same time.
//
// # Languages
//
// Options.Lang selects the language: English, German and French are
// shipped. A tag matches the nearest shipped language ("de-AT" reads
// German) and falls back to English. Headings and labels come from a
// golang.org/x/text message catalog built for each document; numbers, the
// decimal and grouping separators and percentages are formatted by
// golang.org/x/text for the reader's tag itself (so "de-CH" writes
// 1’234.50), and currency symbols come from x/text's CLDR data, placed as
// the language's catalog says ("$1,234.56", "1.234,56 €", "1 234,56 €").
//
// To add a language, add one file, locales/<tag>.txt, translating every key
// of locales/en.txt ("key = message" lines; see the comments there). The
// file is embedded and picked up by [Languages] and the matcher; a key
// left out falls back to English, and the tests report missing keys and
// messages whose formatting verbs differ from the English ones.
package report
