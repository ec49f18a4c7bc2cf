package dev.tccledger.order;

import org.apache.ibatis.annotations.Mapper;
import org.mybatis.spring.annotation.MapperScan;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Orders paid through the ledger inside a Seata global transaction: this service begins
 * the transaction (TM) and is a TCC participant for the order's own state.
 */
@SpringBootApplication
@EnableScheduling
@EnableFeignClients
@MapperScan(basePackages = "dev.tccledger.order", annotationClass = Mapper.class)
public class OrderApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderApplication.class, args);
	}

}
