-- ASP.NET Core's data-protection key ring, shared by every silo: a page session's cookie or a form's antiforgery
-- token issued by one silo must open on another behind the same load balancer. Keys only, no registry data.
CREATE TABLE registry.data_protection_keys
(
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    xml         text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
