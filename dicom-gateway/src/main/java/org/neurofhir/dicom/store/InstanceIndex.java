package org.neurofhir.dicom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofhir.dicom.toolkit.InstanceHeader;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

/** The {@code dcm_instance} table (schema in db/changelog/dicom-gateway.yaml). Plain SQL for H2 and PostgreSQL. */
public class InstanceIndex {
  private static final String COLUMNS = "sop_instance_uid, sop_class_uid, study_instance_uid, series_instance_uid, "
      + "patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex, study_date, study_time, "
      + "study_description, accession_number, referring_physician, modality, series_number, series_description, "
      + "protocol_name, body_part_examined, instance_number, storage_path, size_bytes, transfer_syntax_uid, "
      + "calling_ae_title, received_at";
  private static final String INSERT = "insert into dcm_instance (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String UPDATE = "update dcm_instance set sop_class_uid=?, study_instance_uid=?, series_instance_uid=?, "
      + "patient_id=?, issuer_of_patient_id=?, patient_name=?, patient_birth_date=?, patient_sex=?, study_date=?, study_time=?, "
      + "study_description=?, accession_number=?, referring_physician=?, modality=?, series_number=?, series_description=?, "
      + "protocol_name=?, body_part_examined=?, instance_number=?, storage_path=?, size_bytes=?, transfer_syntax_uid=?, "
      + "calling_ae_title=?, received_at=? where sop_instance_uid=?";

  private final JdbcTemplate jdbc;

  public InstanceIndex(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the row, or replaces it when the instance was stored before (a re-send). */
  public void upsert(IndexedInstance i) {
    Object[] values = values(i);
    try {
      jdbc.update(INSERT, values);
    } catch (DuplicateKeyException alreadyStored) {
      Object[] update = new Object[values.length];
      System.arraycopy(values, 1, update, 0, values.length - 1);
      update[values.length - 1] = values[0];
      jdbc.update(UPDATE, update);
    }
  }

  public Optional<IndexedInstance> findBySopInstanceUid(String sopInstanceUid) {
    return jdbc.query("select " + COLUMNS + " from dcm_instance where sop_instance_uid = ?", ROW, sopInstanceUid).stream().findFirst();
  }

  /** All instances of a study, ordered by series number then instance number. */
  public List<IndexedInstance> findByStudy(String studyInstanceUid) {
    return jdbc.query("select " + COLUMNS + " from dcm_instance where study_instance_uid = ? "
        + "order by series_number, series_instance_uid, instance_number, sop_instance_uid", ROW, studyInstanceUid);
  }

  public List<IndexedInstance> findBySeries(String seriesInstanceUid) {
    return jdbc.query("select " + COLUMNS + " from dcm_instance where series_instance_uid = ? "
        + "order by instance_number, sop_instance_uid", ROW, seriesInstanceUid);
  }

  public int countBySeries(String seriesInstanceUid) {
    Integer n = jdbc.queryForObject("select count(*) from dcm_instance where series_instance_uid = ?", Integer.class, seriesInstanceUid);
    return n == null ? 0 : n;
  }

  /** Rows per series, in one query: what start-up reconciliation compares with the files. */
  public Map<String, Integer> countsBySeries() {
    Map<String, Integer> counts = new HashMap<>();
    jdbc.query("select series_instance_uid, count(*) from dcm_instance group by series_instance_uid",
        (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getInt(2)));
    return counts;
  }

  public int count() {
    Integer n = jdbc.queryForObject("select count(*) from dcm_instance", Integer.class);
    return n == null ? 0 : n;
  }

  private static Object[] values(IndexedInstance i) {
    InstanceHeader h = i.header();
    return new Object[] {
      h.sopInstanceUid(), h.sopClassUid(), h.studyInstanceUid(), h.seriesInstanceUid(), h.patientId(),
      cut(h.issuerOfPatientId(), 64), cut(h.patientName(), 324), cut(h.patientBirthDate(), 8), cut(h.patientSex(), 16),
      cut(h.studyDate(), 8), cut(h.studyTime(), 16), cut(h.studyDescription(), 64), cut(h.accessionNumber(), 16),
      cut(h.referringPhysicianName(), 324), cut(h.modality(), 16), h.seriesNumber(), cut(h.seriesDescription(), 64),
      cut(h.protocolName(), 64), cut(h.bodyPartExamined(), 64), h.instanceNumber(), i.storagePath(), i.sizeBytes(),
      i.transferSyntaxUid(), cut(i.callingAeTitle(), 16), Timestamp.from(i.receivedAt())
    };
  }

  /** Senders do exceed VR lengths; the index keeps what fits rather than refusing the image. */
  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static final RowMapper<IndexedInstance> ROW = InstanceIndex::row;

  private static IndexedInstance row(ResultSet rs, int n) throws SQLException {
    InstanceHeader h = new InstanceHeader(
        rs.getString("sop_class_uid"), rs.getString("sop_instance_uid"), rs.getString("study_instance_uid"),
        rs.getString("series_instance_uid"), rs.getString("patient_id"), rs.getString("issuer_of_patient_id"),
        rs.getString("patient_name"), rs.getString("patient_birth_date"), rs.getString("patient_sex"),
        rs.getString("study_date"), rs.getString("study_time"), rs.getString("study_description"),
        rs.getString("accession_number"), rs.getString("referring_physician"), rs.getString("modality"),
        (Integer) rs.getObject("series_number"), rs.getString("series_description"), rs.getString("protocol_name"),
        rs.getString("body_part_examined"), (Integer) rs.getObject("instance_number"));
    return new IndexedInstance(h, rs.getString("storage_path"), rs.getLong("size_bytes"),
        rs.getString("transfer_syntax_uid"), rs.getString("calling_ae_title"), rs.getTimestamp("received_at").toInstant());
  }
}
