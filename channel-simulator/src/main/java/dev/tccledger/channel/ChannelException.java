package dev.tccledger.channel;

/** A refusal: nothing was changed, the caller gets {@link #error()} as problem+json. */
public class ChannelException extends RuntimeException {

	private final ChannelError error;

	public ChannelException(ChannelError error, String detail) {
		super(detail);
		this.error = error;
	}

	public ChannelError error() {
		return this.error;
	}

}
