package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shine-blog/shine/broadcast"
	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

const broadcastUsage = `usage: shine broadcast <command> [-s SOURCE] LIST ...

commands:
  new LIST [--since DATE]        write the next issue from the posts no issue had
  preview LIST [N] [-o DIR]      write issue N's email as .eml, .html and .txt
  send LIST [N] [--dry-run] [--test ADDRESS] [--resend-uncertain] [--retry-wait D]
                                 mail issue N (default: the newest) to the list
  status LIST                    who got each issue; who is deferred, failed or suppressed
  unsubscribe LIST ADDRESS       never mail ADDRESS from LIST again

The SMTP password comes only from $SHINE_SMTP_PASSWORD.`

func runBroadcast(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, broadcastUsage)
		if len(args) == 0 {
			return usageError{errors.New("broadcast: no command given")}
		}
		return flagHelp
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"new": broadcastNew, "preview": broadcastPreview, "send": broadcastSend,
		"status": broadcastStatus, "unsubscribe": broadcastUnsubscribe,
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintln(stderr, broadcastUsage)
		return usageError{fmt.Errorf("broadcast: unknown command %q", args[0])}
	}
	if err := c(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flagHelp) {
			return err
		}
		var u usageError
		if errors.As(err, &u) {
			return err
		}
		return fmt.Errorf("broadcast %s: %w", args[0], err)
	}
	return nil
}

// broadcastFlags parses flags given before, between or after the
// positional arguments, and checks how many of those there are.
func broadcastFlags(fs *flag.FlagSet, args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) < min || len(pos) > max {
		fs.Usage()
		return nil, usageError{fmt.Errorf("broadcast %s: want %d to %d arguments, got %d", fs.Name(), min, max, len(pos))}
	}
	return pos, nil
}

func issueArg(pos []string, i int) (int, error) {
	if len(pos) <= i {
		return 0, nil
	}
	n, err := strconv.Atoi(pos[i])
	if err != nil || n <= 0 {
		return 0, usageError{fmt.Errorf("issue number %q: want a whole number such as 4", pos[i])}
	}
	return n, nil
}

// loadList loads the site and finds list in its config.
func loadList(source, list string) (*content.Site, *content.BroadcastList, []*broadcast.Issue, error) {
	if st, err := os.Stat(source); err != nil || !st.IsDir() {
		return nil, nil, nil, hintError{fmt.Errorf("source folder %s not found", source), "give the site's folder with -s"}
	}
	s, err := content.Load(source, content.Options{Theme: themes.Default()})
	if err != nil {
		return nil, nil, nil, sourceError(err)
	}
	l := s.Config.Broadcast(list)
	if l == nil {
		return nil, nil, nil, broadcast.UnknownListError(&s.Config, list)
	}
	issues, err := broadcast.Issues(s, list)
	return s, l, issues, err
}

func broadcastNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("new", "broadcast new [-s SOURCE] LIST [--since DATE]", stderr)
	source := fs.String("s", ".", "source `folder`")
	since := fs.String("since", "", "leave out posts dated before `DATE` (YYYY-MM-DD), for a first issue of an old blog")
	pos, err := broadcastFlags(fs, args, 1, 1)
	if err != nil {
		return err
	}
	s, l, issues, err := loadList(*source, pos[0])
	if err != nil {
		return err
	}
	var from time.Time
	if *since != "" {
		if from, err = time.ParseInLocation("2006-01-02", *since, s.Config.Location); err != nil {
			return usageError{fmt.Errorf("--since %q: want a date such as 2024-01-31", *since)}
		}
	}
	posts := broadcast.Select(s, l, issues, from)
	if len(posts) == 0 {
		fmt.Fprintf(stdout, "no new posts for %s since the last issue; nothing written\n", l.Name)
		return nil
	}
	rel, err := broadcast.WriteIssue(*source, l, issues, posts, s.Time)
	if err != nil {
		return err
	}
	word := "posts"
	if len(posts) == 1 {
		word = "post"
	}
	fmt.Fprintf(stdout, "wrote %s with %d %s:\n", filepath.FromSlash(rel), len(posts), word)
	for _, p := range posts {
		fmt.Fprintf(stdout, "  %s  %s\n", p.Date.Format("2006-01-02"), p.Title)
	}
	fmt.Fprintln(stdout, "edit its introduction, then: shine broadcast preview "+l.Name)
	return nil
}

// composeIssue composes the issue that the arguments LIST [N] name: the
// newest one when N is absent.
func composeIssue(ctx context.Context, source string, pos []string) (*broadcast.Email, error) {
	n, err := issueArg(pos, 1)
	if err != nil {
		return nil, err
	}
	list := pos[0]
	if st, err := os.Stat(source); err != nil || !st.IsDir() {
		return nil, hintError{fmt.Errorf("source folder %s not found", source), "give the site's folder with -s"}
	}
	e, err := broadcast.Compose(ctx, site.Options{Source: source, Theme: themes.Default()}, list, n)
	if err != nil {
		return nil, sourceError(err)
	}
	return e, nil
}

func broadcastPreview(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("preview", "broadcast preview [-s SOURCE] [-o DIR] LIST [N]", stderr)
	source := fs.String("s", ".", "source `folder`")
	out := fs.String("o", "", "write the files into `DIR` (default SOURCE/.shine/preview)")
	pos, err := broadcastFlags(fs, args, 1, 2)
	if err != nil {
		return err
	}
	e, err := composeIssue(ctx, *source, pos)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(*source, ".shine", "preview")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	to := broadcast.Recipient{Address: "reader@example.org", Name: "A Reader"}
	if rs, err := broadcast.Recipients(*source, e.List); err == nil {
		to = rs[0]
	}
	msg, err := e.Message(to, e.Issue.Date, false)
	if err != nil {
		return err
	}
	base := filepath.Join(dir, fmt.Sprintf("%s-%04d", e.List.Name, e.Issue.Number))
	if err := msg.WriteToFile(base + ".eml"); err != nil {
		return err
	}
	if err := os.WriteFile(base+".html", []byte(e.HTML), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(base+".txt", []byte(e.Text), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%q as sent to %s:\n  %s.eml\n  %s.html\n  %s.txt\n", e.Subject, to.Address, base, base, base)
	return nil
}

func smtpFor(l *content.BroadcastList) (broadcast.SMTP, error) {
	c, err := broadcast.SMTPFor(l, os.Getenv(broadcast.PasswordEnv))
	if errors.Is(err, broadcast.ErrNoPassword) {
		return c, hintError{err, "export " + broadcast.PasswordEnv + "=... before sending; the password never goes in _config.yml"}
	}
	return c, err
}

func broadcastSend(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("send", "broadcast send [-s SOURCE] LIST [N] [--dry-run] [--test ADDRESS] [--resend-uncertain] [--retry-wait D]", stderr)
	source := fs.String("s", ".", "source `folder`")
	dry := fs.Bool("dry-run", false, "say who would get the issue; send nothing")
	test := fs.String("test", "", "send one [TEST] copy to `ADDRESS` only, outside the ledger")
	resend := fs.Bool("resend-uncertain", false, "send again to readers whose message was in flight when a run stopped")
	wait := fs.Duration("retry-wait", 30*time.Second, "wait this `long` before retrying deferred readers, then twice and four times as long")
	pos, err := broadcastFlags(fs, args, 1, 2)
	if err != nil {
		return err
	}
	e, err := composeIssue(ctx, *source, pos)
	if err != nil {
		return err
	}
	if *test != "" {
		c, err := smtpFor(e.List)
		if err != nil {
			return err
		}
		if err := broadcast.SendTest(ctx, c, e, *test, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "sent a [TEST] copy of %q to %s\n", e.Subject, *test)
		return nil
	}
	rcpts, err := broadcast.Recipients(*source, e.List)
	if err != nil {
		return err
	}
	if *dry {
		l, err := broadcast.OpenLedger(broadcast.LedgerPath(*source), true)
		if err != nil {
			return err
		}
		defer l.Close()
		queue, sum, err := (&broadcast.Sender{Ledger: l, ResendUncertain: *resend}).Plan(e, rcpts)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "dry run: %q would go to %d of %d recipients (%d already sent, %d failed, %d suppressed, %d uncertain)\n",
			e.Subject, len(queue), sum.Recipients, sum.AlreadySent, sum.Failed, sum.Suppressed, sum.Uncertain)
		for _, r := range queue {
			fmt.Fprintf(stdout, "  %s\n", r.Address)
		}
		return nil
	}
	c, err := smtpFor(e.List)
	if err != nil {
		return err
	}
	l, err := broadcast.OpenLedger(broadcast.LedgerPath(*source), false)
	if err != nil {
		return err
	}
	defer l.Close()
	s := &broadcast.Sender{Ledger: l, SMTP: c, Rate: e.List.Rate, ResendUncertain: *resend,
		Backoff: []time.Duration{*wait, 2 * *wait, 4 * *wait}}
	stop := func() {}
	if isTerminal(stderr) {
		var report func(int, int)
		report, stop = progressPrinter(stderr)
		s.Progress = report
	}
	sum, err := s.Send(ctx, e, rcpts)
	stop()
	fmt.Fprintf(stdout, "%s #%d: %s\n", e.List.Name, e.Issue.Number, sum)
	if err != nil {
		return err
	}
	if sum.Uncertain > 0 {
		fmt.Fprintf(stderr, "shine: %d message(s) were in flight when an earlier run stopped; see 'shine broadcast status %s', then send again with --resend-uncertain if they never arrived\n", sum.Uncertain, e.List.Name)
	}
	return nil
}

func broadcastStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("status", "broadcast status [-s SOURCE] LIST", stderr)
	source := fs.String("s", ".", "source `folder`")
	pos, err := broadcastFlags(fs, args, 1, 1)
	if err != nil {
		return err
	}
	_, l, issues, err := loadList(*source, pos[0])
	if err != nil {
		return err
	}
	led, err := broadcast.OpenLedger(broadcast.LedgerPath(*source), true)
	if err != nil {
		return err
	}
	defer led.Close()
	fmt.Fprintf(stdout, "%s (%s): %d issues\n", l.Name, l.Title, len(issues))
	for i := len(issues) - 1; i >= 0; i-- {
		is := issues[i]
		entries, err := led.Entries(l.Name, is.Number)
		if err != nil {
			return err
		}
		count := map[broadcast.State]int{}
		var addrs []string
		for a, e := range entries {
			count[e.State]++
			addrs = append(addrs, a)
		}
		sort.Strings(addrs)
		line := fmt.Sprintf("#%d  %s  %s: ", is.Number, is.Date.Format("2006-01-02"), is.Title)
		if len(entries) == 0 {
			line += "not sent"
		} else {
			line += fmt.Sprintf("reached %d of %d", count[broadcast.Sent], len(entries))
			for _, st := range []broadcast.State{broadcast.Pending, broadcast.Sending, broadcast.Deferred, broadcast.Failed, broadcast.Uncertain} {
				if count[st] > 0 {
					line += fmt.Sprintf(", %d %s", count[st], st)
				}
			}
		}
		fmt.Fprintln(stdout, line)
		for _, a := range addrs {
			e := entries[a]
			switch e.State {
			case broadcast.Deferred, broadcast.Failed, broadcast.Uncertain, broadcast.Sending:
				fmt.Fprintf(stdout, "  %-9s %s: %s (%d attempts)\n", e.State, e.Address, e.Reason, e.Attempts)
			}
		}
	}
	sup, err := led.Suppressed(l.Name)
	if err != nil {
		return err
	}
	if len(sup) > 0 {
		var addrs []string
		for a := range sup {
			addrs = append(addrs, a)
		}
		sort.Strings(addrs)
		fmt.Fprintf(stdout, "suppressed: %d\n", len(sup))
		for _, a := range addrs {
			fmt.Fprintf(stdout, "  %s: %s (%s)\n", sup[a].Address, sup[a].Reason, sup[a].At.Format("2006-01-02"))
		}
	}
	return nil
}

func broadcastUnsubscribe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("unsubscribe", "broadcast unsubscribe [-s SOURCE] LIST ADDRESS", stderr)
	source := fs.String("s", ".", "source `folder`")
	pos, err := broadcastFlags(fs, args, 2, 2)
	if err != nil {
		return err
	}
	if _, _, _, err := loadList(*source, pos[0]); err != nil {
		return err
	}
	addr := strings.TrimSpace(pos[1])
	if !strings.Contains(addr, "@") {
		return usageError{fmt.Errorf("%q is not a mail address", addr)}
	}
	led, err := broadcast.OpenLedger(broadcast.LedgerPath(*source), false)
	if err != nil {
		return err
	}
	defer led.Close()
	if err := led.Suppress(pos[0], addr, "unsubscribed", time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s will get no more mail from %s\n", addr, pos[0])
	return nil
}

// sourceError reports one problem in the site as it is, and many one a
// line, as build does.
func sourceError(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 1 {
		var lines []string
		for _, e := range j.Unwrap() {
			lines = append(lines, "  "+e.Error())
		}
		return fmt.Errorf("%d problems:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	return err
}
