using Matching.Registry.Database;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Registry.Alerts;

/// <summary>Subscriptions, the outbox of alerts and their deliveries, in PostgreSQL (migration 018).</summary>
public sealed class AlertStore(RegistryDatabase database)
{
    private const string SubscriptionColumns = "id, office, provinces, url, min_lr, created_by, created_at, cancelled_at";

    private const string AlertColumns = "a.id, a.case_id, a.profile_id, a.lr, c.province, p.province, a.created_at";

    private const string AlertProvinces = "LEFT JOIN registry.cases c ON c.id = a.case_id LEFT JOIN registry.profiles p ON p.id = a.profile_id";

    public async Task<AlertSubscription> SubscribeAsync(string office, IReadOnlyList<string> provinces, string url, double minimumLr, string secret,
        string createdBy, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"""
            INSERT INTO registry.alert_subscriptions (office, provinces, url, secret, min_lr, created_by)
            VALUES (@office, @provinces, @url, @secret, @min, @by) RETURNING {SubscriptionColumns}
            """);
        command.Parameters.AddWithValue("office", office);
        command.Parameters.AddWithValue("provinces", provinces.ToArray());
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("secret", secret);
        command.Parameters.AddWithValue("min", minimumLr);
        command.Parameters.AddWithValue("by", createdBy);
        return (await SubscriptionsAsync(command, cancellationToken)).Single();
    }

    /// <summary>The subscriptions covering any of <paramref name="provinces"/> (null: all).</summary>
    public async Task<List<AlertSubscription>> SubscriptionsAsync(IReadOnlyList<string>? provinces, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT {SubscriptionColumns} FROM registry.alert_subscriptions
            WHERE @provinces::text[] IS NULL OR provinces && @provinces ORDER BY id
            """);
        command.Parameters.AddWithValue("provinces", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)provinces?.ToArray() ?? DBNull.Value);
        return await SubscriptionsAsync(command, cancellationToken);
    }

    /// <summary>Stops a subscription: nothing more is owed to it; true when it was active.</summary>
    public async Task<bool> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE registry.alert_subscriptions SET cancelled_at = now() WHERE id = @id AND cancelled_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> deliveries that are due, for <paramref name="lease"/>: another silo
    /// takes them only once the lease has passed, as when this one died in the middle.
    /// </summary>
    public async Task<List<AlertDelivery>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"""
            WITH due AS (
                SELECT alert_id, subscription_id FROM registry.alert_deliveries
                WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE registry.alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + @lease
                FROM due WHERE d.alert_id = due.alert_id AND d.subscription_id = due.subscription_id
                RETURNING d.alert_id, d.subscription_id, d.attempts)
            SELECT {AlertColumns}, s.id, s.url, s.secret, claimed.attempts
            FROM claimed JOIN registry.alerts a ON a.id = claimed.alert_id JOIN registry.alert_subscriptions s ON s.id = claimed.subscription_id
            {AlertProvinces}
            """);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("lease", lease);
        var deliveries = new List<AlertDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new AlertDelivery(ReadAlert(reader), reader.GetInt64(7), reader.GetString(8), reader.GetString(9), reader.GetInt32(10)));
        }

        return deliveries;
    }

    public async Task DeliveredAsync(AlertDelivery delivery, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE registry.alert_deliveries SET delivered_at = now(), last_error = NULL WHERE alert_id = @alert AND subscription_id = @subscription");
        command.Parameters.AddWithValue("alert", delivery.Alert.Id);
        command.Parameters.AddWithValue("subscription", delivery.SubscriptionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt: tried again after <paramref name="retryAfter"/>, or dead when null.</summary>
    public async Task FailedAsync(AlertDelivery delivery, string error, TimeSpan? retryAfter, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE registry.alert_deliveries
            SET last_error = @error,
                next_attempt_at = CASE WHEN @retry::interval IS NULL THEN next_attempt_at ELSE now() + @retry::interval END,
                dead_at = CASE WHEN @retry::interval IS NULL THEN now() END
            WHERE alert_id = @alert AND subscription_id = @subscription
            """);
        command.Parameters.AddWithValue("alert", delivery.Alert.Id);
        command.Parameters.AddWithValue("subscription", delivery.SubscriptionId);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("retry", NpgsqlDbType.Interval, (object?)retryAfter ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT d.alert_id, d.subscription_id, s.url, a.case_id, a.profile_id, d.attempts, d.last_error, d.dead_at
            FROM registry.alert_deliveries d JOIN registry.alerts a ON a.id = d.alert_id JOIN registry.alert_subscriptions s ON s.id = d.subscription_id
            WHERE d.dead_at IS NOT NULL ORDER BY d.dead_at, d.alert_id, d.subscription_id
            """);
        var dead = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            dead.Add(new DeadLetter(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return dead;
    }

    /// <summary>Sends dead deliveries again, afresh: every one, or those of one subscription; how many.</summary>
    public async Task<int> ReviveAsync(long? subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE registry.alert_deliveries SET dead_at = NULL, attempts = 0, next_attempt_at = now()
            WHERE dead_at IS NOT NULL AND (@subscription::bigint IS NULL OR subscription_id = @subscription)
            """);
        command.Parameters.AddWithValue("subscription", NpgsqlDbType.Bigint, (object?)subscriptionId ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Alerts after <paramref name="afterId"/> at or above <paramref name="minimumLr"/> whose case or person is in <paramref name="provinces"/> (null: all).</summary>
    public async Task<List<Alert>> AlertsAfterAsync(long afterId, double minimumLr, IReadOnlyList<string>? provinces, int limit, CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await database.BeginScopedAsync(provinces, cancellationToken);
        await using var scoped = connection;
        await using var reading = transaction;
        await using var command = new NpgsqlCommand($"""
            SELECT {AlertColumns} FROM registry.alerts a {AlertProvinces}
            WHERE a.id > @after AND a.lr >= @min AND (@provinces::text[] IS NULL OR c.province = ANY (@provinces) OR p.province = ANY (@provinces))
            ORDER BY a.id LIMIT @limit
            """, connection, transaction);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("min", minimumLr);
        command.Parameters.AddWithValue("provinces", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)provinces?.ToArray() ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(ReadAlert(reader));
        }

        return alerts;
    }

    /// <summary>The newest alert's id: where a stream that asks for nothing earlier starts.</summary>
    public async Task<long> LastAlertIdAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM registry.alerts");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static Alert ReadAlert(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3),
        reader.IsDBNull(4) ? "" : reader.GetString(4), reader.IsDBNull(5) ? "" : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));

    private static async Task<List<AlertSubscription>> SubscriptionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var subscriptions = new List<AlertSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subscriptions.Add(new AlertSubscription(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3),
                reader.GetDouble(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return subscriptions;
    }
}
