// A service that does its work on one instance only, elected with etcd's
// clientv3/concurrency Election: a session with a TTL, Campaign, and leadership
// until the session's Done channel closes, as the usual "campaign with a lease"
// program has it.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.etcd.io/etcd/clientv3"
	"go.etcd.io/etcd/clientv3/concurrency"
)

const electionPrefix = "/leader-election/"

// logger writes one line per thing that happened. Not the standard logger: etcd's
// client packages redirect that one into their own format.
var logger = log.New(os.Stdout, "", log.Ldate|log.Ltime|log.Lmicroseconds|log.LUTC)

func main() {
	name := env("POD_NAME", os.Getenv("EJ_NODE"))
	logger = log.New(os.Stdout, name+" ", log.Ldate|log.Ltime|log.Lmicroseconds|log.LUTC)
	endpoints := strings.Split(env("ETCD_ENDPOINT", os.Getenv("EJ_SERVERS")), ",")
	ttl := sessionTTL(atoi(env("EJ_TTL_MS", "5000")))
	jobInterval := time.Duration(atoi(env("EJ_JOB_INTERVAL_MS", "1000"))) * time.Millisecond
	ledger := NewLedger(strings.TrimRight(os.Getenv("EJ_LEDGER"), "/"))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	leadership := &Leadership{}
	http.Handle("/leader", leadership)
	go func() { logger.Fatal(http.ListenAndServe(":"+os.Getenv("EJ_STATUS_PORT"), nil)) }()
	go Duties(ctx, leadership, ledger, jobInterval)

	cli, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 5 * time.Second})
	if err != nil {
		logger.Fatal(err)
	}
	defer cli.Close()

	logger.Printf("campaigning on %v with a session TTL of %d s", endpoints, ttl)
	for ctx.Err() == nil {
		campaign(ctx, cli, ledger, leadership, name, ttl)
	}
	logger.Print("stopped")
}

// campaign is one session: campaign with it, lead until its lease is gone or the
// process is told to stop, then resign.
func campaign(ctx context.Context, cli *clientv3.Client, ledger *Ledger, leadership *Leadership, name string, ttl int) {
	// The process's context, so that SIGTERM ends a session that is still being made, and
	// its closing revokes nothing more once the key is resigned: the stop stays within a TTL.
	session, err := concurrency.NewSession(cli, concurrency.WithTTL(ttl), concurrency.WithContext(ctx))
	if err != nil {
		logger.Printf("no session: %v", err)
		pause(ctx, time.Second)
		return
	}
	defer session.Close()
	election := concurrency.NewElection(session, electionPrefix)

	if ledger.Op("acquire", "invoke", nil) != http.StatusOK {
		pause(ctx, 200*time.Millisecond) // not on record: do not campaign
		return
	}
	if err := election.Campaign(ctx, name); err != nil {
		if ctx.Err() != nil {
			// Its key was written: whether it was ever the lowest is not known.
			ledger.Op("acquire", "info", map[string]any{"error": "stopped while campaigning"})
		} else {
			ledger.Op("acquire", "info", map[string]any{"error": err.Error()})
			pause(ctx, 500*time.Millisecond)
		}
		return
	}

	token := election.Rev()
	ledger.Op("acquire", "ok", map[string]any{"value": map[string]int64{"token": token}})
	leadership.Lead(token)
	ledger.Event("became leader with token %d (%s, lease %x)", token, election.Key(), session.Lease())

	select {
	case <-session.Done():
		leadership.Lose()
		ledger.Event("lost leadership %d: the session's lease is gone", token)
	case <-ctx.Done():
		leadership.Lose()
		recorded := ledger.Op("release", "invoke", map[string]any{"value": map[string]int64{"token": token}}) == http.StatusOK
		resign, cancel := context.WithTimeout(context.Background(), time.Duration(ttl)*time.Second/2)
		defer cancel()
		if err := election.Resign(resign); err != nil {
			if recorded {
				ledger.Op("release", "info", map[string]any{"error": err.Error()})
			}
			return
		}
		if recorded {
			ledger.Op("release", "ok", nil)
		}
		ledger.Event("resigned leadership %d", token)
	}
}

// sessionTTL is the session's lease in whole seconds, as etcd grants them: the
// run's TTL rounded, at least 1.
func sessionTTL(ms int) int {
	if s := (ms + 500) / 1000; s > 1 {
		return s
	}
	return 1
}

func pause(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		logger.Fatalf("not a number: %q", s)
	}
	return n
}
