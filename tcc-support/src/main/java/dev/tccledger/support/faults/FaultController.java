package dev.tccledger.support.faults;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fault endpoint (docs/http-api.md). Registered only under the faults profile, so a
 * default run has no such URL at all.
 */
@RestController
public class FaultController {

	private final FaultPoints faults;

	public FaultController(FaultPoints faults) {
		this.faults = faults;
	}

	public record RuleRequest(FaultAction action, Integer times, Long delayMs) {
	}

	@PutMapping("/api/v1/faults/{point}")
	ResponseEntity<?> arm(@PathVariable String point, @RequestBody RuleRequest body) {
		if (!this.faults.isKnown(point)) {
			return invalid("unknown fault point " + point + "; known: " + this.faults.knownPoints());
		}
		int times = (body.times() != null) ? body.times() : 1;
		long delayMs = (body.delayMs() != null) ? body.delayMs() : 0;
		if (body.action() == null || times == 0 || times < -1 || delayMs < 0 || delayMs > 600_000) {
			return invalid("action is FAIL, DELAY or HALT; times >= 1 (or -1 for every hit); 0 <= delayMs <= 600000");
		}
		FaultPoints.Rule rule = new FaultPoints.Rule(body.action(), times, delayMs);
		this.faults.arm(point, rule);
		return ResponseEntity.ok(Map.of("point", point, "rule", rule));
	}

	@GetMapping("/api/v1/faults")
	Map<String, FaultPoints.Rule> list() {
		return this.faults.list();
	}

	/**
	 * How often each point armed since the last clear fired: a HALT shows as the
	 * process's exit.
	 */
	@GetMapping("/api/v1/faults/fired")
	Map<String, Integer> fired() {
		return this.faults.fired();
	}

	@DeleteMapping("/api/v1/faults")
	ResponseEntity<Void> clear() {
		this.faults.clear();
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<ProblemDetail> invalid(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(URI.create("https://tcc-ledger.dev/problems/validation-failed"));
		problem.setTitle("The request is not valid");
		problem.setProperty("code", "VALIDATION_FAILED");
		return ResponseEntity.badRequest().body(problem);
	}

}
