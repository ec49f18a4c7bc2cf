package dev.tccledger.ledger;

import org.apache.ibatis.annotations.Mapper;
import org.mybatis.spring.annotation.MapperScan;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ledger: accounts, freezes, the journal. A TCC participant whose confirm and cancel
 * the Seata coordinator drives.
 */
@SpringBootApplication
@EnableScheduling
@MapperScan(basePackages = "dev.tccledger.ledger", annotationClass = Mapper.class)
public class LedgerApplication {

	public static void main(String[] args) {
		SpringApplication.run(LedgerApplication.class, args);
	}

}
