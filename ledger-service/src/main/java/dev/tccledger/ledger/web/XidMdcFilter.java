package dev.tccledger.ledger.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.seata.core.context.RootContext;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the caller's global transaction id into the logging MDC for the whole request.
 */
@Component
class XidMdcFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String xid = request.getHeader(RootContext.KEY_XID);
		if (xid == null) {
			chain.doFilter(request, response);
			return;
		}
		MDC.put("xid", (xid.length() <= 128) ? xid : xid.substring(0, 128));
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("xid");
		}
	}

}
