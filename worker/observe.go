package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/opentelemetry"
	"go.temporal.io/sdk/interceptor"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/workflows"
)

// observability is what engineers get from a running worker: Prometheus
// metrics (the SDK's own, through OpenTelemetry, plus creatorflow's business
// counters) on /metrics, /healthz (the process is up) and /readyz (PostgreSQL
// answers, Temporal answers and the worker is polling).
type observability struct {
	registry *prometheus.Registry
	handler  client.MetricsHandler
	polling  atomic.Bool
}

func newObservability(logger *slog.Logger) (*observability, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutScopeInfo())
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	meter := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)).Meter("creatorflow")
	h := opentelemetry.NewMetricsHandler(opentelemetry.MetricsHandlerOptions{Meter: meter,
		OnError: func(err error) { logger.Warn("metric not recorded", "error", err) }})
	return &observability{registry: reg, handler: h}, nil
}

// approvalsRefresh is how often creatorflow_approvals_pending is recounted.
const approvalsRefresh = 10 * time.Second

// countApprovalsPending exports how many collaborations wait for an approver
// — counted by Temporal visibility on the Stage search attribute, so it is
// right across restarts and any number of workers. The count runs on a timer
// and /metrics serves the last one: a scrape (or a stranger hammering
// /metrics) never costs a visibility query. -1 until the first count, and
// while Temporal cannot answer.
func (o *observability) countApprovalsPending(ctx context.Context, c client.Client, namespace string, every time.Duration) {
	var last atomic.Int64
	last.Store(-1)
	count := func() {
		qctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		r, err := c.CountWorkflow(qctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: namespace,
			Query: fmt.Sprintf("%s = '%s' AND ExecutionStatus = 'Running'", workflows.SAStage.GetName(), workflows.StageAwaitingApproval)})
		if err != nil {
			last.Store(-1)
			return
		}
		last.Store(r.GetCount())
	}
	o.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "creatorflow_approvals_pending",
		Help: "Collaborations waiting for an approver's decision (visibility: Stage = 'awaiting_approval', running; recounted every " + every.String() + ").",
	}, func() float64 { return float64(last.Load()) }))
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			count()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// serveHTTP serves /healthz, /readyz and /metrics on addr.
func (o *observability) serveHTTP(addr string, logger *slog.Logger, pool *pgxpool.Pool, c client.Client,
	routes map[string]http.Handler, mounts ...func(*http.ServeMux)) (*http.Server, error) {
	mux := http.NewServeMux()
	for _, m := range mounts {
		m(mux)
	}
	for path, h := range routes {
		mux.Handle(path, h)
		logger.Info("http endpoint", "path", path)
	}
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		// The answer names what is down, never why: error texts carry the
		// database user, name and host, and /readyz is reachable by anyone
		// who reaches the port. The reasons go to the log.
		var problems []string
		if err := pool.Ping(ctx); err != nil {
			logger.Warn("readyz: postgres not ready", "error", err)
			problems = append(problems, "postgres: unreachable")
		}
		if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
			logger.Warn("readyz: temporal not ready", "error", err)
			problems = append(problems, "temporal: unreachable")
		}
		if !o.polling.Load() {
			problems = append(problems, "worker: not polling yet")
		}
		if len(problems) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready:\n  "+strings.Join(problems, "\n  "))
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("/metrics", promhttp.HandlerFor(o.registry, promhttp.HandlerOpts{}))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("worker HTTP on %s (WORKER_HTTP_ADDR): %w", addr, err)
	}
	// Timeouts so a slow or stalled client cannot hold a connection (and a
	// webhook slot) for ever; a full 10 MB body fits easily in ReadTimeout.
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("worker HTTP stopped", "error", err)
		}
	}()
	base := "http://" + l.Addr().String()
	logger.Info("health endpoint", "url", base+"/healthz", "ready", base+"/readyz", "metrics", base+"/metrics")
	return srv, nil
}

// logFields puts campaign and creator on every log line of an activity or a
// workflow, read from the readable workflow ID (campaign/<id>[/creator/<handle>]).
type logFields struct {
	interceptor.WorkerInterceptorBase
}

func fieldsOf(workflowID string) []any {
	rest, ok := strings.CutPrefix(workflowID, "campaign/")
	if !ok {
		return nil
	}
	if id, handle, ok := strings.Cut(rest, "/creator/"); ok {
		return []any{"campaign", id, "creator", handle}
	}
	return []any{"campaign", rest}
}

func withFields(l tlog.Logger, workflowID string) tlog.Logger {
	if f := fieldsOf(workflowID); f != nil {
		return tlog.With(l, f...)
	}
	return l
}

func (*logFields) InterceptActivity(ctx context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &activityFields{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}}
}

func (*logFields) InterceptWorkflow(ctx workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	return &workflowFields{WorkflowInboundInterceptorBase: interceptor.WorkflowInboundInterceptorBase{Next: next}}
}

type activityFields struct {
	interceptor.ActivityInboundInterceptorBase
}

func (a *activityFields) Init(outbound interceptor.ActivityOutboundInterceptor) error {
	return a.Next.Init(&activityOut{ActivityOutboundInterceptorBase: interceptor.ActivityOutboundInterceptorBase{Next: outbound}})
}

type activityOut struct {
	interceptor.ActivityOutboundInterceptorBase
}

func (a *activityOut) GetLogger(ctx context.Context) tlog.Logger {
	return withFields(a.Next.GetLogger(ctx), activity.GetInfo(ctx).WorkflowExecution.ID)
}

type workflowFields struct {
	interceptor.WorkflowInboundInterceptorBase
}

func (w *workflowFields) Init(outbound interceptor.WorkflowOutboundInterceptor) error {
	return w.Next.Init(&workflowOut{WorkflowOutboundInterceptorBase: interceptor.WorkflowOutboundInterceptorBase{Next: outbound}})
}

type workflowOut struct {
	interceptor.WorkflowOutboundInterceptorBase
}

func (w *workflowOut) GetLogger(ctx workflow.Context) tlog.Logger {
	return withFields(w.Next.GetLogger(ctx), workflow.GetInfo(ctx).WorkflowExecution.ID)
}
