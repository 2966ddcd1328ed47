package com.llatria.adapters.web;

import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;

/** Who is asking (from the access token) and from which device (the X-Device-Id header). */
public record RequestContext(UserId user, DeviceId device) {
}
