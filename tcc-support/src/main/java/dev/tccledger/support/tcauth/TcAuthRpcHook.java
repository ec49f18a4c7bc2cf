package dev.tccledger.support.tcauth;

import io.seata.core.protocol.AbstractIdentifyRequest;
import io.seata.core.protocol.RegisterRMRequest;
import io.seata.core.protocol.RegisterTMRequest;
import io.seata.core.protocol.RpcMessage;
import io.seata.core.rpc.hook.RpcHook;

/**
 * Signs every TM and RM registration this process sends the TC. Seata 2.0.0 runs its
 * RpcHooks right before it writes a message, the registration of a new channel
 * (NettyPoolableFactory, through sendSyncRequest) and of a new resource
 * (sendAsyncRequest) included. Listed in
 * META-INF/services/io.seata.core.rpc.hook.RpcHook.
 */
public class TcAuthRpcHook implements RpcHook {

	@Override
	public void doBeforeRequest(String remoteAddr, RpcMessage request) {
		if (request.getBody() instanceof RegisterTMRequest || request.getBody() instanceof RegisterRMRequest) {
			String secret = TcAuthSecret.get();
			if (secret != null) {
				AbstractIdentifyRequest registration = (AbstractIdentifyRequest) request.getBody();
				String credential = TcCredential.create(registration.getApplicationId(),
						registration.getTransactionServiceGroup(), secret);
				registration.setExtraData(TcCredential.withCredential(registration.getExtraData(), credential));
			}
		}
	}

	@Override
	public void doAfterResponse(String remoteAddr, RpcMessage request, Object response) {
	}

}
