package com.llatria.domain.sync;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SyncMergeTest {
    private static final DeviceId PHONE = new DeviceId("phone");
    private static final DeviceId DESKTOP = new DeviceId("desktop");

    private static Hlc at(long millis, DeviceId device) {
        return new Hlc(millis, 0, device);
    }

    private static Replica<String, String> replica(String title, Hlc stamp, long version) {
        return new Replica<>(Map.of("title", new Register<>(title, stamp, version)), Optional.empty());
    }

    @Test
    void a_later_write_from_a_device_that_saw_the_current_value_wins_without_conflict() {
        Replica<String, String> server = replica("Lamp", at(100, DESKTOP), 5);

        MergeResult<String, String> result = SyncMerge.merge(server,
                Change.edit(PHONE, 5, Map.of("title", new Write<>("Brass lamp", at(200, PHONE)))), 6);

        assertThat(result.replica().value("title")).isEqualTo("Brass lamp");
        assertThat(result.replica().fields().get("title").changedAtVersion()).isEqualTo(6);
        assertThat(result.changed()).isTrue();
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void a_later_concurrent_write_wins_and_the_overwritten_value_is_recorded() {
        Replica<String, String> server = replica("Desk lamp", at(150, DESKTOP), 6);

        MergeResult<String, String> result = SyncMerge.merge(server,
                Change.edit(PHONE, 5, Map.of("title", new Write<>("Brass lamp", at(200, PHONE)))), 7);

        assertThat(result.replica().value("title")).isEqualTo("Brass lamp");
        assertThat(result.conflicts()).containsExactly(new Conflict.FieldConflict<>("title",
                "Desk lamp", at(150, DESKTOP), "Brass lamp", at(200, PHONE)));
        Conflict.FieldConflict<String, String> conflict = (Conflict.FieldConflict<String, String>) result.conflicts().get(0);
        assertThat(conflict.incomingWon()).isTrue();
        assertThat(conflict.serverDevice()).isEqualTo(DESKTOP);
        assertThat(conflict.incomingDevice()).isEqualTo(PHONE);
    }

    @Test
    void an_earlier_write_loses_and_is_recorded_even_when_the_device_had_seen_the_current_value() {
        Replica<String, String> server = replica("Desk lamp", at(300, DESKTOP), 6);

        MergeResult<String, String> result = SyncMerge.merge(server,
                Change.edit(PHONE, 6, Map.of("title", new Write<>("Brass lamp", at(200, PHONE)))), 7);

        assertThat(result.replica().value("title")).isEqualTo("Desk lamp");
        assertThat(result.replica().fields().get("title").stamp()).isEqualTo(at(300, DESKTOP));
        assertThat(result.replica().fields().get("title").changedAtVersion()).isEqualTo(6);
        assertThat(result.changed()).as("the losing write is remembered as seen").isTrue();
        assertThat(result.conflicts()).hasSize(1);
    }

    @Test
    void replaying_a_losing_write_records_its_conflict_only_once() {
        Replica<String, String> server = replica("Desk lamp", at(300, DESKTOP), 6);
        Change<String, String> losing = Change.edit(PHONE, 5, Map.of("title", new Write<>("Brass lamp", at(200, PHONE))));

        MergeResult<String, String> first = SyncMerge.merge(server, losing, 7);
        MergeResult<String, String> replay = SyncMerge.merge(first.replica(), losing, 8);

        assertThat(first.conflicts()).hasSize(1);
        assertThat(replay.conflicts()).isEmpty();
        assertThat(replay.changed()).isFalse();
        assertThat(replay.replica()).isEqualTo(first.replica());
    }

    @Test
    void an_older_write_of_a_device_that_already_won_later_is_not_a_new_conflict() {
        Replica<String, String> server = replica("Lamp", at(100, DESKTOP), 5);
        Change<String, String> early = Change.edit(PHONE, 5, Map.of("title", new Write<>("Phone 1", at(200, PHONE))));
        Change<String, String> later = Change.edit(PHONE, 5, Map.of("title", new Write<>("Phone 2", at(300, PHONE))));

        Replica<String, String> merged = SyncMerge.merge(SyncMerge.merge(server, early, 6).replica(), later, 7).replica();
        MergeResult<String, String> replayOfEarly = SyncMerge.merge(merged, early, 8);

        assertThat(replayOfEarly.conflicts()).isEmpty();
        assertThat(replayOfEarly.replica().value("title")).isEqualTo("Phone 2");
    }

    @Test
    void replaying_an_edit_that_met_a_tombstone_records_it_only_once() {
        Replica<String, String> server = replica("Lamp", at(100, DESKTOP), 5);
        Replica<String, String> deleted = SyncMerge.merge(server, Change.deletion(DESKTOP, 5, at(150, DESKTOP)), 6).replica();
        Change<String, String> edit = Change.edit(PHONE, 5, Map.of("title", new Write<>("Brass lamp", at(200, PHONE))));

        MergeResult<String, String> first = SyncMerge.merge(deleted, edit, 7);
        MergeResult<String, String> replay = SyncMerge.merge(first.replica(), edit, 8);

        assertThat(first.conflicts()).hasSize(1);
        assertThat(replay.conflicts()).isEmpty();
    }

    @Test
    void writes_of_the_same_value_never_conflict() {
        Replica<String, String> server = replica("Lamp", at(150, DESKTOP), 6);

        MergeResult<String, String> result = SyncMerge.merge(server,
                Change.edit(PHONE, 5, Map.of("title", new Write<>("Lamp", at(100, PHONE)))), 7);

        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void a_delete_keeps_winning_over_a_later_edit_and_the_edit_is_kept_for_restoring() {
        Replica<String, String> server = replica("Lamp", at(100, DESKTOP), 5);
        Replica<String, String> deleted = SyncMerge.merge(server, Change.deletion(DESKTOP, 5, at(150, DESKTOP)), 6).replica();

        Map<String, Write<String>> edit = Map.of("title", new Write<>("Brass lamp", at(200, PHONE)));
        MergeResult<String, String> result = SyncMerge.merge(deleted, Change.edit(PHONE, 5, edit), 7);

        assertThat(result.replica().deleted()).isTrue();
        assertThat(result.conflicts()).containsExactly(new Conflict.DeleteConflict<>(at(150, DESKTOP), edit));
    }

    @Test
    void a_delete_that_had_not_seen_an_edit_records_the_edit() {
        Replica<String, String> server = replica("Brass lamp", at(200, PHONE), 7);

        MergeResult<String, String> result = SyncMerge.merge(server, Change.deletion(DESKTOP, 5, at(150, DESKTOP)), 8);

        assertThat(result.replica().deleted()).isTrue();
        assertThat(result.conflicts()).containsExactly(new Conflict.DeleteConflict<>(at(150, DESKTOP),
                Map.of("title", new Write<>("Brass lamp", at(200, PHONE)))));
    }

    @Test
    void a_delete_that_had_seen_everything_is_not_a_conflict() {
        Replica<String, String> server = replica("Lamp", at(100, PHONE), 7);

        MergeResult<String, String> result = SyncMerge.merge(server, Change.deletion(DESKTOP, 7, at(150, DESKTOP)), 8);

        assertThat(result.replica().tombstone()).contains(new Tombstone(at(150, DESKTOP)));
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void a_field_the_server_has_never_seen_is_simply_taken() {
        Replica<String, String> empty = new Replica<>(Map.of(), Optional.empty());

        MergeResult<String, String> result = SyncMerge.merge(empty,
                Change.edit(PHONE, 0, Map.of("title", new Write<>("Lamp", at(1, PHONE)))), 1);

        assertThat(result.replica().value("title")).isEqualTo("Lamp");
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void the_devices_a_field_remembers_are_bounded_to_the_latest_writers() {
        Replica<String, String> server = replica("Lamp", at(10_000, DESKTOP), 1);
        for (int d = 0; d < 40; d++) {
            DeviceId device = new DeviceId("device-" + d);
            // each loses (older than the server's value), and is remembered
            server = SyncMerge.merge(server, Change.edit(device, 1, Map.of("title", new Write<>("Lamp " + d, at(100 + d, device)))), 2 + d)
                    .replica();
        }

        Map<DeviceId, Hlc> seen = server.fields().get("title").seen();
        assertThat(seen).hasSize(Register.MAX_SEEN);
        assertThat(seen).containsKey(new DeviceId("device-39")).doesNotContainKey(new DeviceId("device-0"));
        assertThat(server.value("title")).isEqualTo("Lamp");
        MergeResult<String, String> replay = SyncMerge.merge(server,
                Change.edit(new DeviceId("device-39"), 1, Map.of("title", new Write<>("Lamp 39", at(139, new DeviceId("device-39"))))), 99);
        assertThat(replay.changed()).isFalse();
        assertThat(replay.conflicts()).isEmpty();
    }

    @Test
    void a_delete_stamped_before_a_restore_does_not_undo_it_and_a_later_one_does() {
        Replica<String, String> restored = new Replica<>(Map.of("title", new Register<>("Lamp", at(100, DESKTOP), 3)), Optional.empty(),
                Optional.of(at(500, new DeviceId("srv-a"))));

        MergeResult<String, String> older = SyncMerge.merge(restored, Change.deletion(PHONE, 1, at(300, PHONE)), 4);
        MergeResult<String, String> later = SyncMerge.merge(restored, Change.deletion(PHONE, 3, at(600, PHONE)), 4);

        assertThat(older.replica().deleted()).isFalse();
        assertThat(older.conflicts()).isEmpty();
        // Remembered as merged (finding 7.12): sent again and clamped to a stamp after the restore, it still undoes nothing.
        assertThat(older.changed()).isTrue();
        assertThat(older.replica().deletesSeen()).containsEntry(PHONE, at(300, PHONE));
        MergeResult<String, String> resent = SyncMerge.merge(older.replica(), Change.deletion(PHONE, 1, at(900, PHONE), at(300, PHONE)), 5);
        assertThat(resent.changed()).isFalse();
        assertThat(resent.replica().deleted()).isFalse();
        assertThat(later.replica().deleted()).isTrue();
        assertThat(later.replica().restored()).isEmpty();
    }
}
