package dev.tccledger.benchmark;

import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import dev.tccledger.benchmark.Api.Outcome;
import dev.tccledger.benchmark.Options.Mode;

/**
 * Drives one mode: a warm-up that is not recorded, then the measured window, in a closed
 * loop (N clients, each sends its next request when the last one is answered) or an open
 * loop (requests at fixed intervals whatever the answers do). Latency is recorded in
 * microseconds for successful requests; in the open loop it runs from the request's
 * intended start, so time spent queued behind slow answers counts (coordinated omission).
 */
final class Load {

	private enum Phase {

		WARMUP, MEASURE, DONE

	}

	/**
	 * A payment not sent: its client's token had expired and the issuer gave no new one.
	 */
	private static final Outcome NO_TOKEN = Outcome.error("NO_TOKEN");

	private final Options options;

	private final Api api;

	private final Accounts accounts;

	private final List<CpuMeter> meters;

	private final PrintStream out;

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong maxSendLagNanos = new AtomicLong();

	// Set by run() for each mode; the phase is read by every client thread.
	private volatile Phase phase;

	private Tally warmup;

	private Tally measured;

	private Recorder recorder;

	Load(Options options, Api api, Accounts accounts, List<CpuMeter> meters, PrintStream out) {
		this.options = options;
		this.api = api;
		this.accounts = accounts;
		this.meters = meters;
		this.out = out;
	}

	/** The figures of one mode's measured window. */
	record Result(Mode mode, double measuredSeconds, long ok, Map<String, Long> errors, Histogram latencyMicros,
			Map<String, Cpu> cpu, long maxSendLagMicros) {

		long errorCount() {
			return this.errors.values().stream().mapToLong(Long::longValue).sum();
		}

		double throughputPerSecond() {
			return this.ok / this.measuredSeconds;
		}

	}

	/** One process's CPU over a mode's measured window, copied from its meter. */
	record Cpu(double seconds, String method, Long pid) {

	}

	/** Counters of one phase. */
	private static final class Tally {

		final LongAdder ok = new LongAdder();

		final LongAdder errors = new LongAdder();

		final Map<String, LongAdder> errorsByKey = new ConcurrentHashMap<>();

		void count(Outcome outcome) {
			if (outcome.ok()) {
				this.ok.increment();
			}
			else {
				this.errors.increment();
				this.errorsByKey.computeIfAbsent(outcome.error(), (key) -> new LongAdder()).increment();
			}
		}

	}

	Result run(Mode mode) throws InterruptedException {
		this.warmup = new Tally();
		this.measured = new Tally();
		this.recorder = new Recorder(3);
		this.maxSendLagNanos.set(0);
		long second = TimeUnit.SECONDS.toNanos(1);
		long startNanos = System.nanoTime();
		long measureStartNanos = startNanos + this.options.warmupSeconds * second;
		long endNanos = measureStartNanos + this.options.seconds * second;
		this.phase = Phase.WARMUP;
		if (this.options.warmupSeconds == 0) {
			beginMeasuring();
		}
		long measureBeganNanos = startNanos;
		List<Thread> workers = this.options.openLoop() ? startOpenLoop(mode, startNanos, measureStartNanos, endNanos)
				: startClosedLoop(mode);
		Histogram total = new Histogram(3);
		long tick = startNanos + second;
		long lastOk = 0;
		while (true) {
			long wait = Math.min(tick, (this.phase == Phase.WARMUP) ? measureStartNanos : endNanos) - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
				continue;
			}
			long now = System.nanoTime();
			if (this.phase == Phase.WARMUP && now >= measureStartNanos) {
				beginMeasuring();
				measureBeganNanos = now;
				lastOk = 0;
				tick = now + second;
				continue;
			}
			if (now >= endNanos) {
				break;
			}
			tick += second;
			Tally current = (this.phase == Phase.WARMUP) ? this.warmup : this.measured;
			long ok = current.ok.sum();
			String p99 = "";
			if (this.phase == Phase.MEASURE) {
				Histogram interval = this.recorder.getIntervalHistogram();
				total.add(interval);
				p99 = (interval.getTotalCount() > 0)
						? String.format("  p99 %8.1f ms", interval.getValueAtPercentile(99) / 1000.0) : "";
				this.meters.forEach(CpuMeter::sample);
			}
			this.out.printf("  %-6s %-7s %4d s  done %8d  rate %7d/s  errors %6d%s%n", mode.label(),
					(this.phase == Phase.WARMUP) ? "warm-up" : "measure", Math.round((now - startNanos) / 1e9), ok,
					ok - lastOk, current.errors.sum(), p99);
			lastOk = ok;
		}
		// Requests started in the window still count when they are answered after its
		// end.
		this.phase = Phase.DONE;
		for (Thread worker : workers) {
			worker.join();
		}
		double drainedSeconds = (System.nanoTime() - measureBeganNanos) / 1e9;
		this.meters.forEach(CpuMeter::stop);
		total.add(this.recorder.getIntervalHistogram());
		Map<String, Long> errors = new TreeMap<>();
		this.measured.errorsByKey.forEach((key, count) -> errors.put(key, count.sum()));
		Map<String, Cpu> cpu = new LinkedHashMap<>();
		this.meters.forEach((meter) -> cpu.put(meter.name, new Cpu(meter.spentSeconds(), meter.method(), meter.pid())));
		// The closed loop's window ends with the last answer; the open loop's is its
		// schedule.
		double seconds = this.options.openLoop() ? this.options.seconds : drainedSeconds;
		this.out.printf("  %-6s done: %d ok, %d errors in %.1f s%n", mode.label(), this.measured.ok.sum(),
				this.measured.errors.sum(), seconds);
		return new Result(mode, seconds, this.measured.ok.sum(), errors, total, cpu,
				TimeUnit.NANOSECONDS.toMicros(this.maxSendLagNanos.get()));
	}

	private void beginMeasuring() {
		this.meters.forEach(CpuMeter::start);
		this.phase = Phase.MEASURE;
	}

	private List<Thread> startClosedLoop(Mode mode) {
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < this.options.clients; i++) {
			Thread client = new Thread(() -> {
				while (true) {
					Phase startedIn = this.phase;
					if (startedIn == Phase.DONE) {
						return;
					}
					HttpRequest request;
					try {
						request = next(mode);
					}
					catch (Api.NoToken ex) {
						record(startedIn, NO_TOKEN, 0);
						// the issuer is away: do not spin on it
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
						continue;
					}
					long began = System.nanoTime();
					Outcome outcome = this.api.send(mode, request);
					long micros = (System.nanoTime() - began) / 1000;
					record(startedIn, outcome, micros);
				}
			}, "bench-client-" + i);
			client.setDaemon(true);
			client.start();
			clients.add(client);
		}
		return clients;
	}

	private List<Thread> startOpenLoop(Mode mode, long startNanos, long measureStartNanos, long endNanos) {
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / this.options.ratePerSecond;
		Semaphore inFlight = new Semaphore(this.options.maxInFlight);
		Thread dispatcher = new Thread(() -> {
			for (long i = 0;; i++) {
				long intended = startNanos + i * periodNanos;
				if (intended >= endNanos) {
					break;
				}
				long wait = intended - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				inFlight.acquireUninterruptibly();
				Phase startedIn = (intended >= measureStartNanos) ? Phase.MEASURE : Phase.WARMUP;
				HttpRequest request;
				try {
					request = next(mode);
				}
				catch (Api.NoToken ex) {
					inFlight.release();
					record(startedIn, NO_TOKEN, 0);
					continue;
				}
				long lag = System.nanoTime() - intended;
				if (startedIn == Phase.MEASURE) {
					this.maxSendLagNanos.accumulateAndGet(lag, Math::max);
				}
				this.api.sendAsync(mode, request).whenComplete((outcome, failure) -> {
					long micros = (System.nanoTime() - intended) / 1000;
					inFlight.release();
					record(startedIn, (outcome != null) ? outcome : Outcome.error("CLIENT_FAILURE"), micros);
				});
			}
			// every answer is in once all permits are back
			inFlight.acquireUninterruptibly(this.options.maxInFlight);
		}, "bench-dispatcher");
		dispatcher.setDaemon(true);
		dispatcher.start();
		return List.of(dispatcher);
	}

	private void record(Phase startedIn, Outcome outcome, long micros) {
		if (startedIn != Phase.MEASURE) {
			// warm-up: shown in the progress lines, not kept
			this.warmup.count(outcome);
			return;
		}
		this.measured.count(outcome);
		if (outcome.ok()) {
			this.recorder.recordValue(Math.max(micros, 1));
		}
	}

	private HttpRequest next(Mode mode) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String id = this.options.runId + "-" + mode.label() + "-" + this.sequence.incrementAndGet();
		return this.api.payment(mode, id, this.accounts.payer(random), this.accounts.payee(random));
	}

}
