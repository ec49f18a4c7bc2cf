package dev.tccledger.channel.operation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tccledger.channel.ChannelProperties;

import org.springframework.stereotype.Component;

/**
 * The behaviours tests and demos asked for, per operation type in the order given: each
 * applies to the next {@code times} new operations of its type, then the next one
 * applies. Held in memory: a restart forgets them (not what was already planned for an
 * operation, which is stored with it).
 */
@Component
class Behaviours {

	private final Map<OperationType, Deque<Pending>> pending = new EnumMap<>(OperationType.class);

	private final long defaultHoldMs;

	Behaviours(ChannelProperties properties) {
		this.defaultHoldMs = properties.timeoutHoldMs();
	}

	synchronized void add(Behaviour behaviour) {
		long delayMs = (behaviour.outcome() == Outcome.TIMEOUT && behaviour.delayMs() == 0) ? this.defaultHoldMs
				: behaviour.delayMs();
		this.pending.computeIfAbsent(behaviour.operation(), (type) -> new ArrayDeque<>())
			.addLast(new Pending(behaviour.outcome(), behaviour.times(), delayMs));
	}

	/** The plan for a new operation of this type; uses up one time of a behaviour. */
	synchronized Plan next(OperationType type) {
		Deque<Pending> queue = this.pending.get(type);
		if (queue == null || queue.isEmpty()) {
			return Plan.NORMAL;
		}
		Pending head = queue.peekFirst();
		head.times--;
		if (head.times == 0) {
			queue.removeFirst();
		}
		return new Plan(head.outcome, head.delayMs);
	}

	synchronized void clear() {
		this.pending.clear();
	}

	/** What is still to apply, type by type, in order. */
	synchronized List<Behaviour> list() {
		List<Behaviour> list = new ArrayList<>();
		this.pending.forEach((type, queue) -> queue
			.forEach((entry) -> list.add(new Behaviour(type, entry.outcome, entry.times, entry.delayMs))));
		return list;
	}

	private static final class Pending {

		final Outcome outcome;

		int times;

		final long delayMs;

		Pending(Outcome outcome, int times, long delayMs) {
			this.outcome = outcome;
			this.times = times;
			this.delayMs = delayMs;
		}

	}

}
