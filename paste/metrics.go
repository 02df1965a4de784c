package paste

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own so
// that several Servers (in tests) do not collide.
type metrics struct {
	reg            *prometheus.Registry
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	created        prometheus.Counter
	createBytes    prometheus.Counter
	burnt          prometheus.Counter
	deleted        prometheus.Counter
	swept          prometheus.Counter
	limited        prometheus.Counter
	busy           prometheus.Counter
	renderTimeouts prometheus.Counter
	renders        prometheus.Counter
	uploadBytes    prometheus.Gauge
	reports        prometheus.Counter
	takedowns      prometheus.Counter
	bannedUploads  prometheus.Counter

	// children caches the labelled series per route and code, so the hot
	// path skips hashing label values.
	children sync.Map // routeCode → *series
}

type routeCode struct {
	route string
	code  int
}

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	k := routeCode{route, code}
	v, ok := m.children.Load(k)
	if !ok {
		v, _ = m.children.LoadOrStore(k, &series{
			requests: m.requests.WithLabelValues(route, strconv.Itoa(code)),
			duration: m.duration.WithLabelValues(route),
		})
	}
	s := v.(*series)
	s.requests.Inc()
	s.duration.Observe(d.Seconds())
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shine_paste_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "shine_paste_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		created:        prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_created_total", Help: "Pastes created."}),
		createBytes:    prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_created_bytes_total", Help: "Bytes of pastes created."}),
		burnt:          prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_burnt_total", Help: "Burn-after-reading pastes revealed and deleted."}),
		deleted:        prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_deleted_total", Help: "Pastes deleted with their token."}),
		swept:          prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_swept_total", Help: "Expired pastes removed from storage."}),
		limited:        prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_rate_limited_total", Help: "Requests refused by the rate limit."}),
		busy:           prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_uploads_refused_busy_total", Help: "Uploads refused with 503 because the upload memory was in use."}),
		renderTimeouts: prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_render_timeouts_total", Help: "Pastes whose highlighting ran out of time and are shown as plain text."}),
		renders:        prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_renders_total", Help: "Pastes highlighted (each is then kept for the next viewer)."}),
		uploadBytes:    prometheus.NewGauge(prometheus.GaugeOpts{Name: "shine_paste_upload_bytes_in_flight", Help: "Bytes of uploads held in memory now."}),
		reports:        prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_reports_total", Help: "Pastes reported by viewers."}),
		takedowns:      prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_takedowns_total", Help: "Pastes taken down by an operator."}),
		bannedUploads:  prometheus.NewCounter(prometheus.CounterOpts{Name: "shine_paste_banned_uploads_total", Help: "Uploads refused because their content is banned."}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.created, m.createBytes, m.burnt, m.deleted, m.swept, m.limited,
		m.busy, m.renderTimeouts, m.renders, m.uploadBytes, m.reports, m.takedowns, m.bannedUploads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
