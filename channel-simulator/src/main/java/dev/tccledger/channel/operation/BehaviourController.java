package dev.tccledger.channel.operation;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The test and demo control. Global to the process, not per merchant, and like every
 * {@code /sim/v1} call it needs a merchant's API key.
 */
@RestController
@RequestMapping("/sim/v1/behaviour")
class BehaviourController {

	private final Behaviours behaviours;

	BehaviourController(Behaviours behaviours) {
		this.behaviours = behaviours;
	}

	@PutMapping
	List<Behaviour> add(@RequestBody Behaviour behaviour) {
		this.behaviours.add(behaviour);
		return this.behaviours.list();
	}

	@GetMapping
	List<Behaviour> list() {
		return this.behaviours.list();
	}

	@DeleteMapping
	ResponseEntity<Void> clear() {
		this.behaviours.clear();
		return ResponseEntity.noContent().build();
	}

}
